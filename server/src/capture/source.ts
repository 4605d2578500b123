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
