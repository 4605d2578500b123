// Logged errors keep their message, type and code (redacted), whatever field they are under.
import { Writable } from 'node:stream';
import { AppError } from '../../../server/src/lib/errors';
import { createLogger } from '../../../server/src/lib/logger';

function capture(): { log: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      cb();
    },
  });
  return { log: createLogger({ level: 'info', destination }), lines: () => text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger and errors', () => {
  it.each([
    ['an AppError', new AppError('timeout', 'detection took longer than 5000 ms'), { type: 'AppError', message: 'detection took longer than 5000 ms', code: 'timeout' }],
    ['a plain Error with a camera URL', new Error('cannot open rtsp://admin:hunter2@10.0.0.5/live?pwd=x'), { type: 'Error', message: 'cannot open rtsp://admin:***@10.0.0.5/live?pwd=***' }],
    ['a string', 'connection reset', { message: 'connection reset' }],
  ])('keeps %s readable under `err`', (_name, err, expected) => {
    const c = capture();
    c.log.warn({ err, camera: 'porch' }, 'detection failed');
    const line = c.lines()[0]!;
    expect(line.err).toMatchObject(expected);
    expect(JSON.stringify(line)).not.toContain('hunter2');
    expect(line.msg).toBe('detection failed');
  });

  it('redacts stacks and errors under other field names too', () => {
    const c = capture();
    const e = new Error('open http://u:pw123@cam/x failed');
    c.log.error({ cause: e }, 'x');
    const line = c.lines()[0]! as { cause: { message: string; stack: string } };
    expect(line.cause.message).toBe('open http://u:***@cam/x failed');
    expect(line.cause.stack).toContain('open http://u:***@cam/x failed');
    expect(JSON.stringify(line)).not.toContain('pw123');
  });
});
