// Live view latency: from frame capture (the capture process stamps `frame_time` when it decoded
// the frame) to the JPEG packet arriving at a WebSocket client, p50/p95, with 1 and with 10
// clients watching the same camera (fps 5, height 360: the dashboard's defaults). One 1280×720
// H.264 10 fps camera with people walking, detection and recording on.
// Usage: node dist/scripts/bench/live-latency.bench.js [--seconds 20] [--quick] [--clients 1,10]
import { BenchBox, cameraYaml, startRtsp } from './support/bench-box';
import { parseBenchArgs, runBench } from './support/bench-args';
import { people720 } from './support/bench-media';
import { LiveLatencyClient } from './support/live-latency-client';
import { LoadWindow, machineInfo } from './support/machine';
import { TreeMeter } from './support/proc-tree';
import { round, summarize } from './support/stats';
import { sleep, withScope } from './support/scope';

const FPS = 5;
const HEIGHT = 360;

runBench('live-latency', async () => {
  const args = parseBenchArgs('live-latency', { seconds: 20, quickSeconds: 8 }, { clients: { type: 'string' } });
  const counts = String(args.values.clients ?? '1,10').split(',').map(Number);
  if (!counts.every((n) => Number.isInteger(n) && n >= 1 && n <= 60)) throw new Error('--clients must be a list like 1,10 (1..60)');
  return withScope(async (scope) => {
    const rtsp = await startRtsp(scope, { live: people720() });
    const box = await BenchBox.start(scope, { yaml: ['cameras:', cameraYaml('live', rtsp.url('live'))].join('\n') });
    await box.waitOnline(['live']);
    const phases: Record<string, unknown> = {};
    for (const n of counts) {
      const clients = await Promise.all(Array.from({ length: n }, () => LiveLatencyClient.connect(box.wsUrl)));
      for (const c of clients) scope.add(c, (x) => x.close());
      for (const c of clients) c.subscribe('live', FPS, HEIGHT);
      await sleep(args.quick ? 3000 : 6000); // first frames, encoder warm-up
      const loadWin = new LoadWindow();
      const meter = new TreeMeter(box.pid);
      meter.start();
      for (const c of clients) c.record();
      await sleep(args.seconds * 1000);
      for (const c of clients) c.stop();
      const usage = meter.stop();
      const ms = clients.flatMap((c) => c.samples.map((s) => s.ms));
      phases[`clients_${n}`] = {
        clients: n,
        seconds: args.seconds,
        latency_ms: summarize(ms),
        frames_per_client_per_s: round(ms.length / n / args.seconds, 2),
        vigil_cpu_percent: round((usage.cpuS.total / args.seconds) * 100, 1),
        load: loadWin.end(),
      };
      for (const c of clients) c.close();
      await sleep(1000);
    }
    return {
      bench: 'live-latency',
      machine: machineInfo(),
      setup: `one camera 1280x720 H.264 10 fps (people walking) over local RTSP, detect on (5 fps), record on; ws subscribe fps ${FPS}, height ${HEIGHT}`,
      measured: 'arrival time at the client (Date.now) minus frame_time from the packet header (capture process, when it decoded the frame); same machine clock',
      ...phases,
    };
  });
});
