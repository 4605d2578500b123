// `vigil user list|add|passwd|role|del`: manage users in the configured database, also while the
// server runs (SQLite WAL). This is how a forgotten admin password is reset.
import type { Command } from '../cli';
import type { Role } from '../contracts/auth-api';
import {
  COMMON_OPTIONS, UsageError, out, outJson, parseCommand, readStdinLine, reportError, runWithAuthDb,
} from './auth-db';

const USAGE = [
  'vigil user list [--json]',
  '       vigil user add <name> [--role viewer|admin] [--password P | --password-stdin] [--json]',
  '       vigil user passwd <name> [--password P | --password-stdin] [--json]',
  '       vigil user role <name> <admin|viewer> [--json]',
  '       vigil user del <name> [--json]',
  '  (all take --config PATH; VIGIL_DATA overrides the data folder)',
  '  Without --password a random password is generated and printed once.',
].join('\n');

const OPTIONS = {
  ...COMMON_OPTIONS,
  role: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

function roleOf(v: string | undefined): Role {
  if (v === undefined) return 'viewer';
  if (v !== 'admin' && v !== 'viewer') throw new UsageError(`role must be admin or viewer, got "${v}"`);
  return v;
}

function one(positionals: string[], what: string): string {
  const v = positionals[0];
  if (!v || positionals.length !== 1) throw new UsageError(`expected exactly one ${what}`);
  return v;
}

async function passwordOption(values: { password?: string; 'password-stdin'?: boolean }): Promise<string | undefined> {
  if (values.password !== undefined && values['password-stdin']) throw new UsageError('give --password or --password-stdin, not both');
  return values['password-stdin'] ? readStdinLine() : values.password;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS);
  const [sub, ...args] = positionals;
  const json = values.json === true;
  switch (sub) {
    case 'list':
      if (args.length > 0) throw new UsageError('list takes no arguments');
      return runWithAuthDb('user', USAGE, values.config, ({ users }) => {
        const list = users.list();
        if (json) outJson(list);
        else if (list.length === 0) out('no users yet (the server creates "admin" on its first start with auth enabled)');
        else for (const u of list) out(`${u.username.padEnd(24)} ${u.role.padEnd(7)} created ${new Date(u.created_at * 1000).toISOString()}`);
        return 0;
      });
    case 'add': {
      const name = one(args, 'user name');
      const role = roleOf(values.role);
      const password = await passwordOption(values);
      return runWithAuthDb('user', USAGE, values.config, async ({ users }) => {
        const u = await users.create(name, role, password);
        if (json) outJson(u);
        else {
          out(`created user ${u.username} (${u.role})`);
          if (u.password !== undefined) out(`password: ${u.password}`);
        }
        return 0;
      });
    }
    case 'passwd': {
      const name = one(args, 'user name');
      const password = await passwordOption(values);
      return runWithAuthDb('user', USAGE, values.config, async ({ users }) => {
        const r = await users.setPassword(name, password);
        if (json) outJson(r.generated === undefined ? { user: r.user } : { user: r.user, password: r.generated });
        else {
          out(`password of ${r.user.username} changed; its sessions were ended`);
          if (r.generated !== undefined) out(`password: ${r.generated}`);
        }
        return 0;
      });
    }
    case 'role': {
      if (args.length !== 2) throw new UsageError('role needs <name> <admin|viewer>');
      const [name, roleText] = args as [string, string];
      const role = roleOf(roleText);
      return runWithAuthDb('user', USAGE, values.config, ({ users }) => {
        const u = users.setRole(name, role);
        if (json) outJson(u);
        else out(`${u.username} is now ${u.role}`);
        return 0;
      });
    }
    case 'del':
    case 'delete': {
      const name = one(args, 'user name');
      return runWithAuthDb('user', USAGE, values.config, ({ users }) => {
        const u = users.delete(name);
        if (json) outJson({ deleted: u.username });
        else out(`deleted user ${u.username} with its tokens and sessions`);
        return 0;
      });
    }
    default:
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  }
}

export const userCommand: Command = {
  summary: 'Manage users: list, add, passwd (reset a forgotten password), role, del.',
  usage: USAGE,
  async run(argv) {
    try {
      return await run(argv);
    } catch (e) {
      return reportError('user', USAGE, e);
    }
  },
};
