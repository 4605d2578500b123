// The logger: pino, JSON lines on stderr (stdout is reserved for command results), with every
// string passed through URL-credential redaction.
import pino from 'pino';
import { redactDeep, redactUrls } from './redact';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
  /** Where log lines go; defaults to stderr. */
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = opts.level ?? process.env.VIGIL_LOG_LEVEL ?? 'info';
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (obj) => redactDeep(obj),
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactUrls(a) : a)) as Parameters<typeof method>;
          return method.apply(this, redacted);
        },
      },
      serializers: {
        // `formatters.log` (redactDeep) runs first and has already turned Errors into
        // {type, message, code, stack}; anything else that is not an object becomes a message.
        err: (e: unknown) => {
          if (e instanceof Error) return { type: e.name, message: redactUrls(String(e.message)), stack: e.stack ? redactUrls(e.stack) : undefined };
          if (e && typeof e === 'object') return e;
          return { message: redactUrls(String(e)) };
        },
      },
    },
    opts.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that drops everything (tests, `--json` commands that must stay quiet). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
