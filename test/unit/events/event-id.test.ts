import { newEventId } from '../../../server/src/events/event-id';

describe('event ids', () => {
  it.each<[number, number[], string]>([
    [1717247109.25, [0, 1, 25, 26, 35, 36], '1717247109.250000-abz09a'],
    [1700000000, [255, 254, 253, 252, 251, 250], '1700000000.000000-dcba98'],
  ])('%d with bytes %j → %s', (start, bytes, id) => {
    expect(newEventId(start, () => Buffer.from(bytes))).toBe(id);
  });

  it('sorts by start time as text for same-length times and is unique in practice', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newEventId(1717247109.25)));
    expect(ids.size).toBe(200);
    expect(newEventId(1717247109.25) < newEventId(1717247110)).toBe(true);
  });
});
