// Event ids are Frigate-shaped, `<start epoch seconds>-<6 chars>`, so they sort by time and
// people who know Frigate recognise them.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newEventId(startSeconds: number, random: (n: number) => Buffer = randomBytes): string {
  const bytes = random(6);
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  return `${startSeconds.toFixed(6)}-${suffix}`;
}
