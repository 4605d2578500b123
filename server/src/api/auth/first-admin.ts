// First start: a box with no user gets an `admin` with a random password, printed once in the
// log. Once any user exists this does nothing, so the password is never printed again.
import type { Logger } from '../../lib/logger';
import type { AuthStores } from './auth-stores';
import { hashPassword } from './password-hash';
import { generatePassword } from './secrets';

export const FIRST_ADMIN = 'admin';

/** Creates the first admin when there is no user; returns true when it did. */
export async function ensureFirstAdmin(stores: AuthStores, log: Logger): Promise<boolean> {
  if (stores.users.count() > 0) return false;
  const password = generatePassword();
  const hash = await hashPassword(password);
  // Another process (a `vigil user add` run) may have created a user while we hashed.
  const created = stores.transaction(() => {
    if (stores.users.count() > 0) return false;
    stores.users.create(FIRST_ADMIN, hash, 'admin');
    return true;
  });
  if (!created) return false;
  // In the message, not in a field: the logger masks fields named "password".
  log.warn(
    { user: FIRST_ADMIN },
    `FIRST START: created user "${FIRST_ADMIN}" with password: ${password} (shown only this once; ` +
      `change it after logging in, or with: npx vigil user passwd ${FIRST_ADMIN})`,
  );
  return true;
}
