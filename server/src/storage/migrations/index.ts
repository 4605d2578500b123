// Every migration, in order. Add a new file `NNN_name.ts` and append it here.
import type { Migration } from './migration';
import { initial } from './001_initial';

export type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [initial];
