// Peer comparison, motion only: Vigil with detection and recording off (capture + motion at detect
// fps) against Debian's `motion` daemon on the same local RTSP stream (1280×720 H.264 10 fps with
// people walking), analysing the same frame rate, side by side over the same window; a bare
// ffmpeg decoding the stream runs alongside as the decoding floor both must pay.
// Target: Vigil CPU / motion CPU ≤ 1.0.
// Usage: node dist/scripts/bench/peer.bench.js [--seconds 60] [--quick] [--settle 10]
import { BenchBox, cameraYaml, startRtsp } from './support/bench-box';
import { numberArg, parseBenchArgs, runBench } from './support/bench-args';
import { FPS, HEIGHT, people720, WIDTH } from './support/bench-media';
import { FfmpegDecoder } from './support/ffmpeg-decoder';
import { LoadWindow, machineInfo } from './support/machine';
import { MotionDaemon } from './support/motion-daemon';
import { cpuSeconds, TreeMeter } from './support/proc-tree';
import { ratio, round } from './support/stats';
import { sleep, withScope } from './support/scope';

const TARGET = 1.0;
const DETECT_FPS = 5;

runBench('peer', async () => {
  const args = parseBenchArgs('peer', { seconds: 60, quickSeconds: 15 }, { settle: { type: 'string' } });
  const settle = numberArg(args.values, 'settle', args.quick ? 5 : 10);
  return withScope(async (scope) => {
    const rtsp = await startRtsp(scope, { people: people720() });
    const url = rtsp.url('people');
    const box = await BenchBox.start(scope, {
      yaml: ['cameras:', cameraYaml('peer', url, [`detect: { enabled: false, fps: ${DETECT_FPS} }`, 'record: { enabled: false }'])].join('\n'),
    });
    await box.waitOnline(['peer']);
    const motion = MotionDaemon.start(scope, { url, width: WIDTH, height: HEIGHT, fps: DETECT_FPS });
    const bare = FfmpegDecoder.start(scope, url);
    await sleep(settle * 1000);
    if (motion.proc.exitCode !== null) throw new Error(`motion exited: ${motion.log().slice(-1000)}`);
    const loadWin = new LoadWindow();
    const meter = new TreeMeter(box.pid);
    const s0 = await box.stats();
    const m0 = cpuSeconds(motion.pid);
    const b0 = cpuSeconds(bare.pid);
    meter.start();
    await sleep(args.seconds * 1000);
    const usage = meter.stop();
    const motionCpu = cpuSeconds(motion.pid) - m0;
    const bareCpu = cpuSeconds(bare.pid) - b0;
    const s1 = await box.stats();
    const c0 = s0.cameras.peer;
    const c1 = s1.cameras.peer;
    const r = ratio(usage.cpuS.total, motionCpu);
    return {
      bench: 'peer',
      machine: machineInfo(),
      stream: `people walking (vtest.avi upscaled), ${WIDTH}x${HEIGHT} H.264 ${FPS} fps over RTSP/TCP`,
      counted: 'Vigil: whole process tree (main + capture child; no recorder, no detector); motion: its one process (all threads); ffmpeg: decode to null',
      settings: { analysed_fps: DETECT_FPS, motion: `width ${WIDTH}, height ${HEIGHT}, framerate ${DETECT_FPS}, no output`, vigil: 'detect off, record off, motion defaults' },
      seconds: args.seconds,
      cpu_s: { vigil: round(usage.cpuS.total), vigil_main: round(usage.cpuS.main), vigil_capture: round(usage.cpuS.capture), motion: round(motionCpu), ffmpeg_decode: round(bareCpu) },
      ratio_vigil_to_motion: r,
      ratio_vigil_to_decode: ratio(usage.cpuS.total, bareCpu),
      ratio_motion_to_decode: ratio(motionCpu, bareCpu),
      vigil_frames: c0 && c1 ? { captured: c1.captured - c0.captured, processed: c1.captured - c1.dropped - (c0.captured - c0.dropped) } : null,
      load: loadWin.end(),
      target: `vigil / motion <= ${TARGET}`,
      target_met: r !== null && r <= TARGET,
    };
  });
});
