// Loads data for a component with loading/error states and a retry; stale answers are dropped.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/http-client';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: T };

export interface AsyncResult<T> {
  state: AsyncState<T>;
  retry: () => void;
  /** Replace the data in place (after a live update or an edit). */
  setData: (fn: (prev: T) => T) => void;
}

export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): AsyncResult<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const ctl = new AbortController();
    setState({ status: 'loading' });
    loadRef.current(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setState({ status: 'ready', data });
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setState({ status: 'error', message: errorMessage(e) });
      },
    );
    return () => ctl.abort();
  }, [...deps, tick]);

  const retry = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((fn: (prev: T) => T) => {
    setState((s) => (s.status === 'ready' ? { status: 'ready', data: fn(s.data) } : s));
  }, []);
  return { state, retry, setData };
}
