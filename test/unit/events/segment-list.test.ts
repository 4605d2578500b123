import { parseSegmentLine, SegmentListReader } from '../../../server/src/events/segment-list';

describe('segment list CSV', () => {
  it.each([
    ['seg00000.mp4.tmp,0.000000,3.903418', { file: 'seg00000.mp4.tmp', start: 0, end: 3.903418 }],
    ['/d/run/seg00001.mp4.tmp,1795626855.454688,1795626861.454688', { file: '/d/run/seg00001.mp4.tmp', start: 1795626855.454688, end: 1795626861.454688 }],
    ['"/d/a,b/seg2.mp4.tmp",1.5,2.5', { file: '/d/a,b/seg2.mp4.tmp', start: 1.5, end: 2.5 }],
    ['"/d/say ""hi""/s.tmp",1,2', { file: '/d/say "hi"/s.tmp', start: 1, end: 2 }],
  ])('parses %p', (line, entry) => {
    expect(parseSegmentLine(line)).toEqual(entry);
  });

  it.each(['', 'seg.tmp', 'seg.tmp,1', 'seg.tmp,1,2,3', ',1,2', 'seg.tmp,abc,2', 'seg.tmp,1,nan', '"unterminated,1,2', '"a"x,1,2'])('rejects %p', (line) => {
    expect(parseSegmentLine(line)).toBeNull();
  });

  it('joins lines that arrive in pieces and keeps the unfinished tail', () => {
    const r = new SegmentListReader();
    expect(r.push('a.tmp,0.0000')).toEqual([]);
    expect(r.push('00,4.000000\nb.tmp,4.000000,8.0')).toEqual([{ file: 'a.tmp', start: 0, end: 4 }]);
    expect(r.pending).toBe('b.tmp,4.000000,8.0');
    expect(r.push('00000\n')).toEqual([{ file: 'b.tmp', start: 4, end: 8 }]);
    expect(r.pending).toBe('');
  });

  it('reports lines it cannot read instead of indexing them', () => {
    const r = new SegmentListReader();
    expect(r.push('garbage\r\nc.tmp,1,2\r\n')).toEqual([{ file: 'c.tmp', start: 1, end: 2 }]);
    expect(r.rejected).toEqual(['garbage']);
  });
});
