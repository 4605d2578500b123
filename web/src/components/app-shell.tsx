// The frame around every page: skip link, navigation, who is logged in, the live-connection banner.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { MeResponse } from '../../../server/src/contracts/auth-api';
import { logout } from '../state/session';
import { paths, type Route } from '../state/routes';
import { ConnectionBanner } from './connection-banner';

const NAV: Array<{ href: string; label: string; pages: Route['page'][] }> = [
  { href: paths.live(), label: 'Live', pages: ['live', 'camera'] },
  { href: paths.events(), label: 'Events', pages: ['events', 'event'] },
  { href: paths.system(), label: 'System', pages: ['system'] },
  { href: paths.settings(), label: 'Settings', pages: ['settings'] },
];

/** Focus moves to the content without adding "#main" to the address (history routing). */
function skipToMain(e: MouseEvent): void {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

export function AppShell({ me, route, children }: { me: MeResponse; route: Route; children: ComponentChildren }) {
  // After an in-app navigation focus goes to the new page, so keyboard and screen-reader users
  // start there (as after a page load) instead of on the link they left.
  const first = useRef(true);
  const pageKey = JSON.stringify(route);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pageKey]);

  // logout() forgets the session in the UI even when the server cannot be reached.
  const onLogout = () => void logout().catch(() => undefined);
  return (
    <div class="shell">
      <a class="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={paths.live()} aria-label="Vigil home">
          <span class="brand-mark" aria-hidden="true" />
          Vigil
        </a>
        <nav aria-label="Main">
          <ul class="nav">
            {NAV.map((n) => (
              <li key={n.href}>
                <a href={n.href} aria-current={n.pages.includes(route.page) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="user">
          <span class="user-name" title={`Signed in as ${me.username} (${me.role})`}>
            {me.username}
            <span class="user-role">{me.role}</span>
          </span>
          {me.auth === 'session' && (
            <button type="button" class="btn btn-small btn-ghost" onClick={onLogout}>
              Log out
            </button>
          )}
        </div>
      </header>
      <ConnectionBanner />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
