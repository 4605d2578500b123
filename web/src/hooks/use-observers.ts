// Element visibility (IntersectionObserver) and size (ResizeObserver) as component state.
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** True while any part of the element is on screen. */
export function useOnScreen(ref: RefObject<Element>, rootMargin = '0px'): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last) setVisible(last.isIntersecting);
    }, { rootMargin });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, rootMargin]);
  return visible;
}

export interface Size {
  width: number;
  height: number;
}

/** The element's content-box size in CSS pixels (0×0 before layout). */
export function useElementSize(ref: RefObject<Element>): Size {
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1]?.contentRect;
      if (r) setSize((prev) => (prev.width === r.width && prev.height === r.height ? prev : { width: r.width, height: r.height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}
