// Literal event messages for notification tests (Frigate-shaped before/after sides).
import type { EventChangeType, EventMessage, EventSnapshotData } from '../../server/src/contracts/domain';

export function side(over: Partial<EventSnapshotData> = {}): EventSnapshotData {
  return {
    id: '1717200000.000000-abcdef',
    camera: 'front',
    frame_time: 1717200001.2,
    label: 'person',
    sub_label: null,
    score: 0.81,
    top_score: 0.86,
    box: [100, 120, 180, 330],
    area: 16800,
    ratio: 0.381,
    region: [0, 0, 416, 416],
    current_zones: [],
    entered_zones: [],
    stationary: false,
    has_snapshot: true,
    has_clip: false,
    start_time: 1717200000,
    end_time: null,
    ...over,
  };
}

export function eventMessage(type: EventChangeType, over: Partial<EventSnapshotData> = {}, before: Partial<EventSnapshotData> = {}): EventMessage {
  return { type, before: side({ ...over, ...before }), after: side(over) };
}
