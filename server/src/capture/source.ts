// What a camera source URL means for capture: its kind, what to hand to OpenCV's VideoCapture,
// and the FFmpeg options (transport, timeouts) that OpenCV reads from its environment.
import type { SourceKind } from '../contracts/domain';
import { redactUrls } from '../lib/redact';

export interface SourceSpec {
  kind: SourceKind;
  /** Argument for `new cv.VideoCapture(...)`: a path/URL string or a device index. */
  open: string | number;
  /** Safe to log and show: credentials masked. */
  display: string;
  /** True for finite sources that loop in live mode. */
  finite: boolean;
}

export function sourceKind(url: string): SourceKind {
  if (/^\/dev\/video\d+$/.test(url)) return 'v4l2';
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  if (scheme === 'file') return 'file';
  if (scheme === 'rtsp' || scheme === 'rtsps') return 'rtsp';
  if (scheme === 'http' || scheme === 'https') return 'http';
  throw new Error(`unsupported source: ${redactUrls(url)}`);
}

export function describeSource(url: string): SourceSpec {
  const kind = sourceKind(url);
  switch (kind) {
    case 'v4l2':
      return { kind, open: Number(url.replace('/dev/video', '')), display: url, finite: false };
    case 'file':
      return { kind, open: decodeURIComponent(new URL(url).pathname), display: url, finite: true };
    default:
      return { kind, open: url, display: redactUrls(url), finite: false };
  }
}

/**
 * OPENCV_FFMPEG_CAPTURE_OPTIONS for a source: FFmpeg demuxer options as `key;value|key;value`.
 * RTSP: TCP (or UDP) transport and a 5 s socket timeout so a dead camera fails a read instead of
 * hanging; HTTP: a 5 s I/O timeout and reconnects off (Vigil reconnects itself).
 */
export function ffmpegCaptureOptions(kind: SourceKind, rtspTransport: 'tcp' | 'udp'): string | null {
  if (kind === 'rtsp') return `rtsp_transport;${rtspTransport}|timeout;5000000|fflags;nobuffer`;
  if (kind === 'http') return 'rw_timeout;5000000';
  return null;
}

/**
 * Whether a source's frames come from an ffmpeg decoder process (ffmpeg-source.ts) instead of
 * OpenCV's VideoCapture. OpenCV is the default for every kind: on a quiet 2-core box it cost less
 * CPU than the extra process and pipe in every benchmark (idle, motion-only, busy camera, live
 * latency; docs/benchmarks.md). VIGIL_CAPTURE_DECODER=ffmpeg sends network cameras (RTSP, HTTP)
 * through ffmpeg, whose reads never block the capture loop.
 */
export function decodesWithFfmpeg(kind: SourceKind, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.VIGIL_CAPTURE_DECODER === 'ffmpeg' && (kind === 'rtsp' || kind === 'http');
}

/**
 * The ffmpeg command line that decodes a network source to raw I420 frames (YUV4MPEG2 on stdout):
 * the same transport and timeouts as ffmpegCaptureOptions, one decoder thread (a frame-threaded
 * decoder holds frames back, adding a frame of latency per thread; one thread decodes a 1080p
 * camera in real time), every frame passed through as decoded (a looping or restarting camera's
 * timestamps must not make ffmpeg drop or duplicate frames).
 */
export function ffmpegDecodeArgs(spec: SourceSpec, rtspTransport: 'tcp' | 'udp'): string[] {
  const input =
    spec.kind === 'rtsp'
      ? ['-rtsp_transport', rtspTransport, '-timeout', '5000000', '-fflags', 'nobuffer']
      : spec.kind === 'http'
        ? ['-rw_timeout', '5000000']
        : [];
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    ...input, '-threads', '1', '-i', String(spec.open),
    '-map', '0:v:0', '-an', '-sn', '-dn', '-fps_mode', 'passthrough', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', 'pipe:1',
  ];
}
