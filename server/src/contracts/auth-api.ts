// Request and response shapes of the auth, users and tokens endpoints, shared with the dashboard.

export type Role = 'admin' | 'viewer';

/** How the current request was authenticated. */
export type AuthMethod = 'session' | 'token' | 'disabled';

/** `POST /api/login` body. */
export interface LoginRequest {
  username: string;
  password: string;
}

/** `GET /api/me`, and the body of a successful `POST /api/login`. */
export interface MeResponse {
  username: string;
  role: Role;
  /** Send back as `X-CSRF-Token` on POST/PUT/PATCH/DELETE; empty unless `auth` is "session". */
  csrf_token: string;
  auth: AuthMethod;
  /** Session end (epoch seconds), null for tokens and disabled auth. */
  expires_at: number | null;
}

/** A user as the API shows it: never the password hash. */
export interface UserInfo {
  username: string;
  role: Role;
  created_at: number;
  password_changed_at: number;
}

/** `POST /api/users` response: `password` is present (once) when the server generated it. */
export interface CreatedUser extends UserInfo {
  password?: string;
}

export interface TokenInfo {
  id: number;
  name: string;
  username: string;
  created_at: number;
  last_used_at: number | null;
  revoked: boolean;
}

/** `POST /api/tokens` response: the only time the token value is shown. */
export interface CreatedToken extends TokenInfo {
  token: string;
}

/** `PUT /api/users/:username/password` response. */
export interface PasswordChanged {
  user: UserInfo;
  /** Present (once) when an admin reset the password without giving one. */
  password?: string;
  /** Your own change through a session: every session ended, this is your new one. */
  session?: MeResponse;
}
