import { copyRecorderArgs, encoderRecorderSpec, keyframeInterval, runFiles, segmentMuxerArgs, watchdogMs } from '../../../server/src/events/recorder-args';

const files = runFiles('/data/run/recorder/porch/1700000000000-abc123');

/** The value following `flag` in an argument list (undefined when absent). */
const after = (args: string[], flag: string) => {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
};

describe('recorder ffmpeg arguments', () => {
  it('names run files inside the run folder, temp-suffixed', () => {
    expect(files).toEqual({
      dir: '/data/run/recorder/porch/1700000000000-abc123',
      listFile: '/data/run/recorder/porch/1700000000000-abc123/segments.csv',
      pattern: '/data/run/recorder/porch/1700000000000-abc123/seg%05d.mp4.tmp',
    });
  });

  it('copies RTSP video without decoding, offsets from the input start', () => {
    const { args, timeBase } = copyRecorderArgs({ url: 'rtsp://u:p@127.0.0.1:8554/cam', rtspTransport: 'tcp', segmentSeconds: 10, files });
    expect(timeBase).toEqual({ kind: 'offset', epoch: null });
    expect(after(args, '-rtsp_transport')).toBe('tcp');
    expect(after(args, '-use_wallclock_as_timestamps')).toBe('1');
    expect(after(args, '-i')).toBe('rtsp://u:p@127.0.0.1:8554/cam');
    expect(after(args, '-c')).toBe('copy');
    expect(after(args, '-map')).toBe('0:v:0');
    expect(args).not.toContain('-c:v');
    expect(args).not.toContain('-copyts');
    expect(after(args, '-f')).toBe('segment');
    expect(after(args, '-segment_time')).toBe('10');
    expect(after(args, '-reset_timestamps')).toBe('1');
    expect(after(args, '-segment_list_type')).toBe('csv');
    expect(after(args, '-segment_list')).toBe(files.listFile);
    expect(args.at(-1)).toBe(files.pattern);
    // The input dump (info level) carries the start time; the stats line is noise.
    expect(after(args, '-loglevel')).toBe('info');
    expect(args).toContain('-nostats');
  });

  it('omits RTSP options for other URLs', () => {
    const { args } = copyRecorderArgs({ url: 'http://127.0.0.1/stream', rtspTransport: 'udp', segmentSeconds: 5, files });
    expect(args).not.toContain('-rtsp_transport');
  });

  it.each([
    [10, 20],
    [5, 10],
    [29.97, 60],
    [0.4, 1],
  ])('keyframe interval at %p fps is %p frames (about 2 s)', (fps, g) => {
    expect(keyframeInterval(fps)).toBe(g);
  });

  it('live encoder: wall-clock times kept, wall-clock cuts, libx264 with the configured preset', () => {
    const { spec, timeBase } = encoderRecorderSpec({ preset: 'veryfast', fps: 10, segmentSeconds: 10, files, replayEpochMs: null });
    expect(timeBase).toEqual({ kind: 'epoch' });
    expect(spec.wallclock).toBe(true);
    expect(spec.fps).toBe(10);
    const a = spec.outputArgs;
    expect(after(a, '-c:v')).toBe('libx264');
    expect(after(a, '-preset')).toBe('veryfast');
    expect(after(a, '-pix_fmt')).toBe('yuv420p');
    expect(after(a, '-g')).toBe('20');
    expect(after(a, '-bf')).toBe('0');
    expect(after(a, '-fps_mode')).toBe('vfr');
    expect(a).toContain('-copyts');
    expect(after(a, '-segment_atclocktime')).toBe('1');
    expect(a.at(-1)).toBe(files.pattern);
  });

  it('replay encoder: frame-count times offset from the replay base', () => {
    const { spec, timeBase } = encoderRecorderSpec({ preset: 'ultrafast', fps: 25, segmentSeconds: 6, files, replayEpochMs: 1_717_200_000_000 });
    expect(timeBase).toEqual({ kind: 'offset', epoch: 1_717_200_000 });
    expect(spec.wallclock).toBe(false);
    expect(spec.outputArgs).not.toContain('-copyts');
    expect(spec.outputArgs).not.toContain('-segment_atclocktime');
    expect(after(spec.outputArgs, '-g')).toBe('50');
  });

  it('segment muxer writes faststart MP4 segments', () => {
    const a = segmentMuxerArgs({ segmentSeconds: 3, files, absolute: false });
    expect(after(a, '-segment_format')).toBe('mp4');
    expect(after(a, '-segment_format_options')).toBe('movflags=+faststart');
  });

  it.each([
    [10, 120_000],
    [45, 120_000],
    [60, 150_000],
    [600, 1_230_000],
  ])('watchdog for %p s segments is %p ms', (s, ms) => {
    expect(watchdogMs(s)).toBe(ms);
  });
});
