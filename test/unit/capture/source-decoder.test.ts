// Which decoder a source gets (OpenCV unless VIGIL_CAPTURE_DECODER=ffmpeg) and the ffmpeg command
// line for network cameras: the same transport and timeouts as OpenCV's, one decoder thread,
// every frame passed through, I420 as YUV4MPEG2 on stdout.
import { decodesWithFfmpeg, describeSource, ffmpegDecodeArgs } from '../../../server/src/capture/source';

describe('decoder choice', () => {
  it.each(['rtsp', 'http', 'file', 'v4l2'] as const)('%s → OpenCV by default', (kind) => {
    expect(decodesWithFfmpeg(kind, {})).toBe(false);
    expect(decodesWithFfmpeg(kind, { VIGIL_CAPTURE_DECODER: 'opencv' })).toBe(false);
  });

  it.each([
    ['rtsp', true],
    ['http', true],
    ['file', false],
    ['v4l2', false],
  ] as const)('VIGIL_CAPTURE_DECODER=ffmpeg: %s → ffmpeg: %s', (kind, ffmpeg) => {
    expect(decodesWithFfmpeg(kind, { VIGIL_CAPTURE_DECODER: 'ffmpeg' })).toBe(ffmpeg);
  });
});

describe('ffmpegDecodeArgs', () => {
  const tail = ['-map', '0:v:0', '-an', '-sn', '-dn', '-fps_mode', 'passthrough', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', 'pipe:1'];

  it('RTSP: transport, socket timeout, no input buffering, one decoder thread', () => {
    const url = 'rtsp://u:p@127.0.0.1:8554/cam';
    expect(ffmpegDecodeArgs(describeSource(url), 'udp')).toEqual([
      '-hide_banner', '-loglevel', 'error', '-nostdin',
      '-rtsp_transport', 'udp', '-timeout', '5000000', '-fflags', 'nobuffer', '-threads', '1', '-i', url, ...tail,
    ]);
  });

  it('HTTP: an I/O timeout', () => {
    const url = 'http://127.0.0.1/video.mjpg';
    expect(ffmpegDecodeArgs(describeSource(url), 'tcp')).toEqual(['-hide_banner', '-loglevel', 'error', '-nostdin', '-rw_timeout', '5000000', '-threads', '1', '-i', url, ...tail]);
  });
});
