// Who is logged in: /api/me at start, login/logout, and any 401 anywhere ends the session in the UI.
import type { MeResponse } from '../../../server/src/contracts/auth-api';
import { api } from '../api/endpoints';
import { ApiRequestError, setCsrfToken, setUnauthorizedHandler } from '../api/http-client';
import { createStore, useStore } from './store';

export type Session =
  | { status: 'checking' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'signed-in'; me: MeResponse }
  | { status: 'error'; message: string };

export const sessionStore = createStore<Session>({ status: 'checking' });

function signedIn(me: MeResponse): void {
  setCsrfToken(me.csrf_token);
  sessionStore.set({ status: 'signed-in', me });
}

function signedOut(expired: boolean): void {
  setCsrfToken('');
  sessionStore.set({ status: 'anonymous', expired });
}

setUnauthorizedHandler(() => {
  if (sessionStore.get().status === 'signed-in') signedOut(true);
});

export async function checkSession(): Promise<void> {
  sessionStore.set({ status: 'checking' });
  try {
    signedIn(await api.me());
  } catch (e) {
    if (e instanceof ApiRequestError && e.status === 401) signedOut(false);
    else sessionStore.set({ status: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/** Throws ApiRequestError (401 wrong credentials, 429 rate limited) for the form to show. */
export async function login(username: string, password: string): Promise<void> {
  signedIn(await api.login({ username, password }));
}

export async function logout(): Promise<void> {
  try {
    await api.logout();
  } finally {
    // Even if the server is unreachable, the UI forgets the session.
    signedOut(false);
  }
}

export function useSession(): Session {
  return useStore(sessionStore);
}

export function isAdmin(s: Session): boolean {
  return s.status === 'signed-in' && s.me.role === 'admin';
}

export function useIsAdmin(): boolean {
  return isAdmin(useSession());
}
