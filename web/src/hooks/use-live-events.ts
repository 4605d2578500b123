// Calls `handler` with every live event message (new/update/end) while the component is mounted.
import { useEffect, useRef } from 'preact/hooks';
import type { EventMessage } from '../../../server/src/contracts/domain';
import { live } from '../state/live-state';

export function useLiveEvents(handler: (msg: EventMessage) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => live.on('events', (m) => ref.current(m)), []);
}
