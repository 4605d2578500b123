// Tracked-object ids shaped like Frigate's: "<start epoch seconds, 6 decimals>-<6 random [a-z0-9]>",
// so they sort by start time and look familiar to Frigate and Home Assistant users.
import { randomInt } from 'node:crypto';

/** Makes the id of an object first seen at `startMs` (epoch ms). Injectable for tests. */
export type IdFactory = (startMs: number) => string;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export const randomTrackId: IdFactory = (startMs) => {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${(startMs / 1000).toFixed(6)}-${suffix}`;
};

/** Deterministic ids for tests and replays: "<start>-000001", "<start>-000002", ... */
export function sequentialTrackIds(): IdFactory {
  let n = 0;
  return (startMs) => `${(startMs / 1000).toFixed(6)}-${String(++n).padStart(6, '0')}`;
}
