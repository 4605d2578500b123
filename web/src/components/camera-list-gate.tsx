// Shows loading/error for the camera list, and the children once it is ready.
import type { ComponentChildren } from 'preact';
import type { CameraInfo } from '../../../server/src/contracts/api-types';
import { camerasStore, loadCameras } from '../state/live-state';
import { useStore } from '../state/store';
import { ErrorBox, Loading } from './feedback';

export function CameraListGate({ children }: { children: (cameras: CameraInfo[]) => ComponentChildren }) {
  const list = useStore(camerasStore);
  if (list.status === 'loading') return <Loading label="Loading cameras…" />;
  if (list.status === 'error') return <ErrorBox title="Cannot load the cameras" message={list.message} onRetry={() => void loadCameras()} />;
  return <>{children(list.cameras)}</>;
}
