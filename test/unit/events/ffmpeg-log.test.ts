import { classifyRunEnd, isCopyMapping, parseInputStart, StderrLines } from '../../../server/src/events/ffmpeg-log';

describe('ffmpeg stderr', () => {
  it.each([
    ['  Duration: 00:01:19.50, start: 1795626920.012944, bitrate: N/A', 1795626920.012944],
    ['  Duration: N/A, start: 0.000000, bitrate: N/A', 0],
    ['  Duration: N/A, bitrate: N/A', null],
    ['Input #0, rtsp, from ...', null],
  ])('input start of %p is %p', (line, start) => {
    expect(parseInputStart(line)).toBe(start);
  });

  it.each([
    ['  Stream #0:0 -> #0:0 (copy)', true],
    ['  Stream #0:0 -> #0:0 (h264 (native) -> h264 (libx264))', false],
  ])('copy mapping %p → %p', (line, copy) => {
    expect(isCopyMapping(line)).toBe(copy);
  });

  it.each([
    // lines, code, signal, camera online → reason
    [['[segment @ 0x1] Failure occurred', 'av_interleaved_write_frame(): No space left on device'], 1, null, true, 'disk_full'],
    [['[tcp @ 0x55] Connection to tcp://127.0.0.1:8554?timeout=0 failed: Connection refused'], 1, null, true, 'camera_offline'],
    [['[rtsp @ 0x55] method DESCRIBE failed: 404 Not Found'], 1, null, true, 'camera_offline'],
    [['rtsp://127.0.0.1/cam: End of file'], 0, null, true, 'camera_offline'],
    [['frame=  78 fps= 14'], null, 'SIGKILL', true, 'recorder_restart'],
    [['Error while decoding'], 1, null, true, 'recorder_restart'],
    [['anything'], null, 'SIGKILL', false, 'camera_offline'],
    [['video:940kB audio:0kB'], 0, null, true, 'camera_offline'],
  ] as const)('%p (code %p, signal %p, online %p) → %p', (lines, code, signal, online, reason) => {
    expect(classifyRunEnd({ lines: [...lines], code, signal, cameraOnline: online }).reason).toBe(reason);
  });

  it('details name how it ended and the last meaningful line, never a password', () => {
    const d = classifyRunEnd({ lines: ['rtsp://viewer:s3cret@127.0.0.1/cam: Connection refused', 'video:0kB audio:0kB', 'Exiting normally, received signal 2.'], code: 1, signal: null, cameraOnline: true });
    expect(d.detail).toBe('recorder exit code 1: rtsp://viewer:***@127.0.0.1/cam: Connection refused');
  });

  it('joins partial writes into lines, redacts, and keeps a bounded tail', () => {
    const seen: string[] = [];
    const s = new StderrLines((l) => seen.push(l), 2);
    s.push('[rtsp @ 0x1] ');
    s.push('rtsp://a:b@h/x failed\nsecond\r');
    s.push('third\nfourth');
    expect(seen).toEqual(['[rtsp @ 0x1] rtsp://a:***@h/x failed', 'second', 'third']);
    s.flush();
    expect(s.tail).toEqual(['third', 'fourth']);
  });
});
