// The app's live data: the one socket, the camera list kept current by camera_state, the latest
// stats and motion flags. Started after login, stopped at logout.
import type { CameraInfo, StatsSnapshot } from '../../../server/src/contracts/api-types';
import { api } from '../api/endpoints';
import { ApiRequestError, errorMessage } from '../api/http-client';
import { defaultSocketUrl, LiveSocket } from '../live/live-socket';
import { applyCameraState, hasUnknownCamera } from './camera-list';
import { sessionStore } from './session';
import { createStore } from './store';

export type CameraList = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; cameras: CameraInfo[] };

export const camerasStore = createStore<CameraList>({ status: 'loading' });
export const statsStore = createStore<StatsSnapshot | null>(null);
export const motionStore = createStore<Record<string, boolean>>({});

/** After a failed connect the session may have expired: /api/me answers that (401 → login page). */
async function checkSessionAfterSocketFailure(): Promise<void> {
  try {
    await api.me();
  } catch (e) {
    if (e instanceof ApiRequestError && e.status === 401 && sessionStore.get().status === 'signed-in') {
      sessionStore.set({ status: 'anonymous', expired: true });
    }
  }
}

export const live = new LiveSocket(defaultSocketUrl, (attempt) => {
  if (attempt % 3 === 0) void checkSessionAfterSocketFailure();
});

export async function loadCameras(): Promise<void> {
  if (camerasStore.get().status !== 'ready') camerasStore.set({ status: 'loading' });
  try {
    const cameras = await api.cameras();
    camerasStore.set({ status: 'ready', cameras });
  } catch (e) {
    // Keep showing a list we already have; a first load that fails shows the error and a retry.
    if (camerasStore.get().status !== 'ready') camerasStore.set({ status: 'error', message: errorMessage(e) });
  }
}

let wired: Array<() => void> = [];

function onVisibility(): void {
  live.setPaused(document.visibilityState === 'hidden');
}

export function startLive(): void {
  if (wired.length > 0) return;
  wired = [
    live.on('camera_state', (p) => {
      const list = camerasStore.get();
      if (list.status !== 'ready') return;
      if (hasUnknownCamera(list.cameras, [p])) void loadCameras();
      else camerasStore.set({ status: 'ready', cameras: applyCameraState(list.cameras, p) });
      // A camera that comes back gets its streams asked for again.
      if (p.state === 'online') live.resubscribe(p.camera);
    }),
    live.on('hello', (p) => {
      const list = camerasStore.get();
      // After a reconnect the states may have moved on: take them from the welcome.
      if (list.status !== 'ready' || hasUnknownCamera(list.cameras, p.cameras)) {
        void loadCameras();
        return;
      }
      let cams = list.cameras;
      for (const s of p.cameras) cams = applyCameraState(cams, s);
      camerasStore.set({ status: 'ready', cameras: cams });
    }),
    live.on('stats', (s) => statsStore.set(s)),
    live.onMessage((m) => {
      if (!m.topic.endsWith('/motion')) return;
      const camera = m.topic.slice(0, -'/motion'.length);
      motionStore.update((prev) => ({ ...prev, [camera]: m.payload === 'ON' }));
    }),
  ];
  document.addEventListener('visibilitychange', onVisibility);
  onVisibility();
  void loadCameras();
  live.start();
}

export function stopLive(): void {
  for (const off of wired) off();
  wired = [];
  document.removeEventListener('visibilitychange', onVisibility);
  live.stop();
  camerasStore.set({ status: 'loading' });
  statsStore.set(null);
  motionStore.set({});
}
