// Live messages applied to what is on screen: camera states, event updates, login messages.
import type { CameraInfo, EventRecord } from '../../../server/src/contracts/api-types';
import type { EventSnapshotData } from '../../../server/src/contracts/domain';
import { filterableOf, patchRecord, recordFromMessage } from '../../../web/src/api/event-live';
import { ApiRequestError } from '../../../web/src/api/http-client';
import { loginErrorText } from '../../../web/src/api/login-message';
import { applyCameraState, hasUnknownCamera, stateLabel } from '../../../web/src/state/camera-list';

const cam = (name: string, state: CameraInfo['state'] = 'online'): CameraInfo => ({
  name, state, reason: null, kind: 'file', width: 768, height: 576, detect_width: 768, detect_height: 576, fps: 10, detect_fps: 5, detect_enabled: true, zones: {},
});

describe('camera_state', () => {
  it('replaces state, reason and fps of the named camera only', () => {
    const list = [cam('a'), cam('b')];
    const next = applyCameraState(list, { camera: 'b', state: 'offline', reason: 'no frames for 20 s', fps: 0 });
    expect(next[0]).toBe(list[0]);
    expect(next[1]).toMatchObject({ name: 'b', state: 'offline', reason: 'no frames for 20 s', fps: 0, width: 768 });
  });
  it('returns the same list when nothing changed (no re-render)', () => {
    const list = [cam('a')];
    expect(applyCameraState(list, { camera: 'a', state: 'online', reason: null, fps: 10 })).toBe(list);
    expect(applyCameraState(list, { camera: 'zzz', state: 'offline', reason: null, fps: 0 })).toBe(list);
  });
  it('notices cameras it does not know', () => {
    expect(hasUnknownCamera([cam('a')], [{ camera: 'a', state: 'online', reason: null, fps: 1 }])).toBe(false);
    expect(hasUnknownCamera([cam('a')], [{ camera: 'new', state: 'online', reason: null, fps: 1 }])).toBe(true);
  });
  it('labels every state', () => {
    expect(['connecting', 'online', 'offline', 'failed', 'stopped'].map((s) => stateLabel(s as CameraInfo['state']))).toEqual(['Connecting…', 'Online', 'Offline', 'Failed', 'Stopped']);
  });
});

describe('event messages', () => {
  const side: EventSnapshotData = {
    id: 'e1', camera: 'front', frame_time: 110, label: 'person', sub_label: null, score: 0.7, top_score: 0.9, box: [0, 0, 1, 1], area: 1, ratio: 1,
    region: null, current_zones: [], entered_zones: ['porch'], stationary: false, has_snapshot: true, has_clip: true, start_time: 100, end_time: 130,
  };
  const rec = { id: 'e1', camera: 'front', label: 'person', sub_label: null, start_time: 100, end_time: null, end_time_iso: null, score: 0.6, top_score: 0.8, zones: ['drive'], has_clip: false, has_snapshot: true } as unknown as EventRecord;

  it('filters look at the zones the object entered', () => {
    expect(filterableOf(side)).toEqual({ camera: 'front', label: 'person', zones: ['porch'], top_score: 0.9, start_time: 100 });
  });
  it('an update brings the end, scores, zones and clip flag', () => {
    expect(patchRecord(rec, side)).toMatchObject({ end_time: 130, end_time_iso: new Date(130_000).toISOString(), score: 0.7, top_score: 0.9, zones: ['drive', 'porch'], has_clip: true });
  });
  it('a new event is listed from its message until the stored record arrives', () => {
    expect(recordFromMessage({ ...side, end_time: null })).toMatchObject({
      id: 'e1', camera: 'front', label: 'person', start_time: 100, end_time: null, end_time_iso: null, start_time_iso: new Date(100_000).toISOString(),
      top_score: 0.9, zones: ['porch'], has_snapshot: true, has_clip: true, retain_indefinitely: false, box: [0, 0, 1, 1],
    });
  });
  it('never lowers the top score', () => {
    expect(patchRecord({ ...rec, top_score: 0.95 }, side).top_score).toBe(0.95);
  });
});

describe('login messages', () => {
  it.each<[unknown, string, number]>([
    [new ApiRequestError(401, 'unauthorized', 'wrong username or password'), 'Wrong username or password.', 0],
    [new ApiRequestError(429, 'rate_limited', 'too many', 42), 'Too many failed attempts. Try again in 42 s.', 42],
    [new ApiRequestError(429, 'rate_limited', 'too many'), 'Too many failed attempts. Try again in 60 s.', 60],
    [new ApiRequestError(0, 'network', 'Cannot reach the Vigil server.'), 'Login failed: Cannot reach the Vigil server.', 0],
  ])('%p', (err, text, wait) => {
    expect(loginErrorText(err)).toEqual({ text, waitSeconds: wait });
  });
});
