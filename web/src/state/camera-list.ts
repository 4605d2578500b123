// Pure updates of the camera list from live messages (camera_state, hello).
import type { CameraInfo } from '../../../server/src/contracts/api-types';
import type { CameraStatePayload } from '../../../server/src/contracts/ws-messages';

/** The list with one camera's state, reason and fps replaced; unknown cameras are ignored. */
export function applyCameraState(cameras: readonly CameraInfo[], p: CameraStatePayload): CameraInfo[] {
  let changed = false;
  const out = cameras.map((c) => {
    if (c.name !== p.camera) return c;
    if (c.state === p.state && c.reason === p.reason && c.fps === p.fps) return c;
    changed = true;
    return { ...c, state: p.state, reason: p.reason, fps: p.fps };
  });
  return changed ? out : (cameras as CameraInfo[]);
}

/** True when the live message names a camera the list does not know (the list must be reloaded). */
export function hasUnknownCamera(cameras: readonly CameraInfo[], states: readonly CameraStatePayload[]): boolean {
  const known = new Set(cameras.map((c) => c.name));
  return states.some((s) => !known.has(s.camera));
}

/** A short human label for a camera state. */
export function stateLabel(state: CameraInfo['state']): string {
  switch (state) {
    case 'online':
      return 'Online';
    case 'connecting':
      return 'Connecting…';
    case 'offline':
      return 'Offline';
    case 'failed':
      return 'Failed';
    case 'stopped':
      return 'Stopped';
  }
}
