// The app: session gate (login page until signed in), live data while signed in, and the routes.
import { useEffect } from 'preact/hooks';
import { AppShell } from './components/app-shell';
import { ErrorBox, Loading } from './components/feedback';
import { CameraPage } from './pages/camera-page';
import { EventPage } from './pages/event-page';
import { EventsPage } from './pages/events-page';
import { LivePage } from './pages/live-page';
import { LoginPage } from './pages/login-page';
import { SettingsPage } from './pages/settings-page';
import { SystemPage } from './pages/system-page';
import { startLive, stopLive } from './state/live-state';
import { navigate, useLocation } from './state/router';
import { afterLoginTarget, matchRoute, paths, type Route } from './state/routes';
import { checkSession, useSession } from './state/session';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'live':
    case 'login':
      return <LivePage />;
    case 'camera':
      return <CameraPage key={route.camera} name={route.camera} />;
    case 'events':
      return <EventsPage />;
    case 'event':
      return <EventPage key={route.id} id={route.id} />;
    case 'system':
      return <SystemPage />;
    case 'settings':
      return <SettingsPage />;
    case 'not-found':
      return (
        <section aria-labelledby="nf-title">
          <h1 id="nf-title">Page not found</h1>
          <ErrorBox title="Nothing here" message={`There is no page at ${route.path}. Use the menu above.`} />
        </section>
      );
  }
}

const TITLES: Record<Route['page'], string> = {
  live: 'Live',
  login: 'Log in',
  camera: 'Camera',
  events: 'Events',
  event: 'Event',
  system: 'System',
  settings: 'Settings',
  'not-found': 'Not found',
};

export function App() {
  const session = useSession();
  const loc = useLocation();
  const route = matchRoute(loc.pathname);
  const signedIn = session.status === 'signed-in';

  useEffect(() => {
    void checkSession();
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    startLive();
    return () => stopLive();
  }, [signedIn]);

  useEffect(() => {
    if (signedIn && route.page === 'login') navigate(paths.live(), { replace: true });
  }, [signedIn, route.page]);

  useEffect(() => {
    const name = route.page === 'camera' ? route.camera : signedIn ? TITLES[route.page] : TITLES.login;
    document.title = `${name} · Vigil`;
  }, [route, signedIn]);

  if (session.status === 'checking') return <Loading label="Connecting to Vigil…" />;
  if (session.status === 'error') {
    return (
      <main id="main" class="login">
        <ErrorBox title="Cannot reach Vigil" message={session.message} onRetry={() => void checkSession()} />
      </main>
    );
  }
  if (session.status === 'anonymous') {
    return <LoginPage expired={session.expired} onDone={() => navigate(afterLoginTarget(loc.pathname + loc.search), { replace: true })} />;
  }
  return (
    <AppShell me={session.me} route={route}>
      <Page route={route} />
    </AppShell>
  );
}
