// History routing: the current location as a store, navigate(), and link clicks kept in the app.
import { createStore, useStore } from './store';

export interface Location {
  pathname: string;
  search: string;
}

const current = (): Location => ({ pathname: window.location.pathname, search: window.location.search });

export const locationStore = createStore<Location>(current());

window.addEventListener('popstate', () => locationStore.set(current()));

/** Goes to `url` (a path with optional query) inside the app. */
export function navigate(url: string, opts: { replace?: boolean } = {}): void {
  const here = window.location.pathname + window.location.search;
  if (url === here) return;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  locationStore.set(current());
  // A new page starts at the top, as a full page load would.
  if (!opts.replace) window.scrollTo(0, 0);
}

export function useLocation(): Location {
  return useStore(locationStore);
}

/**
 * One document-level handler turns same-origin <a href> clicks into history navigation, so plain
 * anchors keep their semantics (middle click, open in new tab, keyboard) and no Link wrapper is needed.
 */
export function interceptLinks(root: Document = document): void {
  root.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    // A jump within this page (#fragment) is the browser's job.
    if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
}
