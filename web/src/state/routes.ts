// Pure route table: which page a URL path shows (history routing; the server answers index.html
// for every non-/api path).

export type Route =
  | { page: 'live' }
  | { page: 'camera'; camera: string }
  | { page: 'events' }
  | { page: 'event'; id: string }
  | { page: 'system' }
  | { page: 'settings' }
  | { page: 'login' }
  | { page: 'not-found'; path: string };

function decode(part: string): string | null {
  try {
    const s = decodeURIComponent(part);
    return s.length > 0 ? s : null;
  } catch {
    return null;
  }
}

/** Matches a pathname (no query) to a route; trailing slashes are ignored. */
export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p.length > 0);
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { page: 'not-found', path: pathname };
  if (first === undefined) return { page: 'live' };
  if (second === undefined) {
    if (first === 'events') return { page: 'events' };
    if (first === 'system') return { page: 'system' };
    if (first === 'settings') return { page: 'settings' };
    if (first === 'login') return { page: 'login' };
    if (first === 'live') return { page: 'live' };
    return { page: 'not-found', path: pathname };
  }
  const name = decode(second);
  if (name !== null && first === 'cameras') return { page: 'camera', camera: name };
  if (name !== null && first === 'events') return { page: 'event', id: name };
  return { page: 'not-found', path: pathname };
}

export const paths = {
  live: (): string => '/',
  camera: (name: string): string => `/cameras/${encodeURIComponent(name)}`,
  events: (search = ''): string => `/events${search && !search.startsWith('?') ? `?${search}` : search}`,
  event: (id: string): string => `/events/${encodeURIComponent(id)}`,
  system: (): string => '/system',
  settings: (): string => '/settings',
};

/** Where to go after login: the page the user asked for, never back to /login or off-site. */
export function afterLoginTarget(requested: string): string {
  if (!requested.startsWith('/') || requested.startsWith('//')) return '/';
  if (requested === '/login' || requested.startsWith('/login?')) return '/';
  return requested;
}
