// Builds what a camera's capture child needs from the resolved camera config.
import type { CameraConfig } from '../config/schema';
import type { CaptureInit, CaptureMotionSettings, ModelInputSpec } from '../contracts/worker-protocol';
import { RECONNECT_STEPS_MS } from '../lib/backoff';
import { isRelative } from '../geometry/polygon';
import { sourceKind } from '../capture/source';

export function captureInitFor(cam: CameraConfig, model: ModelInputSpec | null, mode: 'live' | 'replay' = 'live'): CaptureInit {
  const m = cam.motion;
  return {
    camera: cam.name,
    source: cam.source,
    kind: sourceKind(cam.source),
    rtspTransport: cam.rtsp_transport,
    detectWidth: cam.detect.width ?? null,
    detectHeight: cam.detect.height ?? null,
    detectFps: cam.detect.fps,
    mode,
    loop: mode === 'live',
    stallTimeoutMs: cam.stall_timeout_s * 1000,
    reconnectStepsMs: [...RECONNECT_STEPS_MS],
    motion: motionSettings(m),
    model: cam.detect.enabled ? model : null,
    scanIntervalS: cam.detect.scan_interval_s,
  };
}

/** The capture child's motion settings from a camera's `motion` config section. */
export function motionSettings(m: CameraConfig['motion']): CaptureMotionSettings {
  return {
    enabled: m.enabled,
    threshold: m.threshold,
    contourArea: m.contour_area,
    frameHeight: m.frame_height,
    frameAlpha: m.frame_alpha,
    calibrateAlpha: m.calibrate_alpha,
    calibrationFrames: m.calibration_frames,
    lightningThreshold: m.lightning_threshold,
    improveContrast: m.improve_contrast,
    mask: m.mask,
    maskRelative: m.mask.length > 0 && m.mask.every((p) => isRelative(p)),
  };
}
