// Dashboard routes: paths to pages, links, and where login sends you back to.
import { afterLoginTarget, matchRoute, paths } from '../../../web/src/state/routes';

it.each([
  ['/', { page: 'live' }],
  ['', { page: 'live' }],
  ['/live', { page: 'live' }],
  ['/events', { page: 'events' }],
  ['/events/', { page: 'events' }],
  ['/events/1700000000.5-abc123', { page: 'event', id: '1700000000.5-abc123' }],
  ['/cameras/front%20door', { page: 'camera', camera: 'front door' }],
  ['/system', { page: 'system' }],
  ['/settings', { page: 'settings' }],
  ['/login', { page: 'login' }],
  ['/nope', { page: 'not-found', path: '/nope' }],
  ['/cameras/a/b', { page: 'not-found', path: '/cameras/a/b' }],
  ['/cameras/%E0%A4%A', { page: 'not-found', path: '/cameras/%E0%A4%A' }],
  ['/system/x', { page: 'not-found', path: '/system/x' }],
])('matchRoute(%j)', (path, route) => {
  expect(matchRoute(path)).toEqual(route);
});

it('builds paths that match back', () => {
  expect(matchRoute(paths.camera('a/b c'))).toEqual({ page: 'camera', camera: 'a/b c' });
  expect(matchRoute(paths.event('x?y'))).toEqual({ page: 'event', id: 'x?y' });
  expect(paths.events('?label=car')).toBe('/events?label=car');
  expect(paths.events('label=car')).toBe('/events?label=car');
  expect(paths.events()).toBe('/events');
});

it.each([
  ['/events?label=car', '/events?label=car'],
  ['/login', '/'],
  ['/login?x=1', '/'],
  ['//evil.example/x', '/'],
  ['https://evil.example/', '/'],
  ['/', '/'],
])('after login %j → %j', (requested, target) => {
  expect(afterLoginTarget(requested)).toBe(target);
});
