import { chooseEvictions } from '../../../server/src/events/clip-cache';
import { concatList, planClip, plannedSeconds } from '../../../server/src/events/clip-plan';

const seg = (name: string, start: number, end: number) => ({ path: `/d/${name}.mp4`, start, end });
const S = [seg('a', 100, 104), seg('b', 104, 108), seg('c', 108, 112)];

describe('planClip', () => {
  it('cuts into the first and last segment, takes the middle whole', () => {
    const p = planClip(S, 103.1, 110.3);
    expect(p.parts).toEqual([
      { path: '/d/a.mp4', inpoint: 3.1, outpoint: null, from: 103.1, to: 104 },
      { path: '/d/b.mp4', inpoint: null, outpoint: null, from: 104, to: 108 },
      { path: '/d/c.mp4', inpoint: null, outpoint: 2.3, from: 108, to: 110.3 },
    ]);
    expect(p.holes).toEqual([]);
    expect(plannedSeconds(p)).toBeCloseTo(7.2, 6);
  });

  it('a range inside one segment gets both points', () => {
    expect(planClip(S, 104.5, 105.5).parts).toEqual([{ path: '/d/b.mp4', inpoint: 0.5, outpoint: 1.5, from: 104.5, to: 105.5 }]);
  });

  it('reports a missing middle segment and ranges running past the footage as holes', () => {
    const p = planClip([S[0]!, S[2]!], 103, 115);
    expect(p.parts.map((x) => x.path)).toEqual(['/d/a.mp4', '/d/c.mp4']);
    expect(p.holes).toEqual([[104, 108], [112, 115]]);
    expect(planClip(S, 90, 101).holes).toEqual([[90, 100]]);
  });

  it('ignores frame-sized seams between neighbours and skips duplicated or overlapping footage', () => {
    const seams = [seg('a', 100, 104.04), seg('b', 104, 108), seg('b2', 104, 108), seg('c', 108.05, 112)];
    const p = planClip(seams, 100, 112);
    expect(p.parts.map((x) => [x.path, x.inpoint, x.outpoint])).toEqual([
      ['/d/a.mp4', null, null],
      ['/d/b.mp4', null, null],
      ['/d/c.mp4', null, null],
    ]);
    expect(p.holes).toEqual([]);
  });

  it('nothing overlapping → no parts', () => {
    expect(planClip(S, 200, 210)).toEqual({ parts: [], holes: [[200, 210]] });
    expect(planClip(S, 112, 120).parts).toEqual([]);
  });

  it('writes ffconcat with quoted paths and six-decimal points', () => {
    const text = concatList([{ path: "/d/it's.mp4", inpoint: 3.1, outpoint: null, from: 0, to: 1 }, { path: '/d/b.mp4', inpoint: null, outpoint: 2.25, from: 1, to: 2 }]);
    expect(text).toBe("ffconcat version 1.0\nfile '/d/it'\\''s.mp4'\ninpoint 3.100000\nfile '/d/b.mp4'\noutpoint 2.250000\n");
  });
});

describe('chooseEvictions (clip cache, LRU by mtime)', () => {
  const files = [
    { path: 'new', bytes: 40, mtimeMs: 300 },
    { path: 'old', bytes: 50, mtimeMs: 100 },
    { path: 'mid', bytes: 30, mtimeMs: 200 },
  ];
  it.each([
    [200, null, []],
    [120, null, []],
    [100, null, ['old']],
    [60, null, ['old', 'mid']],
    [60, 'old', ['mid', 'new']],
    [0, 'new', ['old', 'mid']],
  ])('bound %p keeping %p evicts %p', (max, keep, out) => {
    expect(chooseEvictions(files, max, keep)).toEqual(out);
  });
});
