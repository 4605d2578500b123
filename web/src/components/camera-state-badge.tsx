// A camera's state as a coloured badge with text (colour is never the only signal).
import type { CameraState } from '../../../server/src/contracts/domain';
import { stateLabel } from '../state/camera-list';

export function CameraStateBadge({ state }: { state: CameraState }) {
  return <span class={`badge badge-${state}`}>{stateLabel(state)}</span>;
}
