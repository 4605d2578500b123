// Event latency: from the moment people appear in a camera's view to the `new` event webhook
// arriving at a local receiver. The camera (local RTSP) loops a clip: an empty scene for 6 s, then a
// cut to a scene with several people for 4 s. Reference time: when a separate ffmpeg client of
// the same stream delivered the first frame showing the people (support/scene-observer.ts), in
// this process's wall clock; end: when the webhook request arrived here. Each loop is one
// measured event (tracks end 2 s after the people vanish, so every loop starts new events).
// Usage: node dist/scripts/bench/event-latency.bench.js [--events 10] [--quick]
import { WebhookReceiver } from '../../test/helpers/webhook-receiver';
import { BenchBox, cameraYaml, startRtsp } from './support/bench-box';
import { numberArg, parseBenchArgs, runBench } from './support/bench-args';
import { emptyScenePng, walkIn720, WALK_IN } from './support/bench-media';
import { LoadWindow, machineInfo } from './support/machine';
import { SceneObserver } from './support/scene-observer';
import { round, summarize } from './support/stats';
import { sleep, withScope } from './support/scope';

const CYCLE_S = WALK_IN.emptyS + WALK_IN.peopleS;

interface Hook {
  at: number;
  frameTime: number;
  startTime: number;
}

runBench('event-latency', async () => {
  const args = parseBenchArgs('event-latency', { seconds: CYCLE_S, quickSeconds: CYCLE_S }, { events: { type: 'string' } });
  const wanted = numberArg(args.values, 'events', args.quick ? 3 : 11);
  if (!(Number.isInteger(wanted) && wanted >= 1 && wanted <= 200)) throw new Error('--events must be 1..200');
  return withScope(async (scope) => {
    const receiver = scope.add(new WebhookReceiver(), (r) => r.stop());
    await receiver.start();
    const rtsp = await startRtsp(scope, { walk: walkIn720() });
    const url = rtsp.url('walk');
    const box = await BenchBox.start(scope, {
      yaml: [
        'objects: { track: [person] }',
        `webhooks: [{ url: "${receiver.url}/hook", events: [new] }]`,
        'cameras:',
        cameraYaml('walk', url, ['detect: { max_disappeared_s: 2 }']),
      ].join('\n'),
    });
    await box.waitOnline(['walk']);
    const observer = SceneObserver.start(scope, url, emptyScenePng());
    // Skip the first appearance: the box may still be calibrating and scanning at start.
    const deadline = Date.now() + (wanted + 3) * CYCLE_S * 1000 + 60_000;
    while (observer.appearances.length < 2 && Date.now() < deadline) await sleep(200);
    const first = observer.appearances.length;
    const hooksFrom = receiver.all.length;
    const loadWin = new LoadWindow();
    while (observer.appearances.length < first + wanted && Date.now() < deadline) await sleep(200);
    await sleep(CYCLE_S * 1000); // the last appearance's webhook
    const hooks: Hook[] = receiver.all.slice(hooksFrom).map((r) => {
      const b = receiver.json(r) as { after: { frame_time: number }; event: { start_time: number } };
      return { at: r.at, frameTime: b.after.frame_time * 1000, startTime: b.event.start_time * 1000 };
    });
    const appearances = observer.appearances.slice(first - 1, first - 1 + wanted);
    const events = appearances.map((t, i) => {
      const next = appearances[i + 1] ?? Infinity;
      const hook = hooks.find((h) => h.at >= t - 2000 && h.at < next);
      return hook ? { latency_ms: hook.at - t, detected_ms: hook.startTime - t, confirmed_ms: hook.frameTime - t, delivered_ms: hook.at - hook.frameTime } : null;
    });
    const got = events.filter((e): e is NonNullable<typeof e> => e !== null);
    return {
      bench: 'event-latency',
      machine: machineInfo(),
      setup: `1280x720 H.264 10 fps over local RTSP: ${WALK_IN.emptyS} s empty scene, cut to ${WALK_IN.peopleS} s with people (vtest.avi from ${WALK_IN.peopleFrom} s), looped; detect 5 fps, min_hits 3, objects: person; webhook events: [new]`,
      reference: 'arrival (here) of the first frame with people, decoded by a separate ffmpeg client of the same RTSP stream; end: webhook request arrival at a local receiver (same clock)',
      appearances: appearances.length,
      with_webhook: got.length,
      missed: events.length - got.length,
      latency_ms: summarize(got.map((e) => e.latency_ms)),
      breakdown_p50_ms: {
        first_detection_frame: round(summarize(got.map((e) => e.detected_ms)).p50, 0),
        confirmed_frame: round(summarize(got.map((e) => e.confirmed_ms)).p50, 0),
        confirmed_frame_to_webhook: round(summarize(got.map((e) => e.delivered_ms)).p50, 0),
      },
      observer_frames: observer.frames,
      load: loadWin.end(),
      target: 'p95 < 1000 ms (REFERENCE: keep event→webhook p95 under 1 s)',
    };
  });
});
