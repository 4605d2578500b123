import { eventMediaPath, parseEventMediaPath, parseSegmentPath, resolveMediaPath, segmentPath } from '../../../server/src/lib/media-paths';

describe('segment naming', () => {
  it.each<[string, number, number, string]>([
    ['front', Date.UTC(2024, 5, 1, 13, 5, 9, 250), 10_000, 'recordings/front/2024-06-01/13.05.09-1717247109250-10000.mp4'],
    ['back_yard', Date.UTC(2023, 11, 31, 23, 59, 59, 999), 9_960, 'recordings/back_yard/2023-12-31/23.59.59-1704067199999-9960.mp4'],
  ])('%s at %d ms for %d ms → %s, and back', (camera, startMs, durMs, rel) => {
    expect(segmentPath(camera, startMs, durMs)).toBe(rel);
    expect(parseSegmentPath(rel)).toEqual({ camera, start: startMs / 1000, end: (startMs + durMs) / 1000, duration: durMs / 1000 });
  });

  it.each([
    ['wrong root', 'clips/front/2024-06-01/13.05.09-1717247109250-10000.mp4'],
    ['day disagrees with the number', 'recordings/front/2024-06-02/13.05.09-1717247109250-10000.mp4'],
    ['clock disagrees with the number', 'recordings/front/2024-06-01/13.05.10-1717247109250-10000.mp4'],
    ['temporary file', 'recordings/front/2024-06-01/13.05.09-1717247109250-10000.mp4.tmp'],
    ['ffmpeg default name', 'recordings/front/2024-06-01/out003.mp4'],
    ['no duration', 'recordings/front/2024-06-01/13.05.09-1717247109250.mp4'],
    ['bad camera', 'recordings/Front!/2024-06-01/13.05.09-1717247109250-10000.mp4'],
    ['too deep', 'recordings/front/2024-06-01/x/13.05.09-1717247109250-10000.mp4'],
  ])('rejects %s', (_n, rel) => {
    expect(parseSegmentPath(rel)).toBeNull();
  });

  it('refuses names that could leave the folder', () => {
    expect(() => segmentPath('../etc', 0, 1)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => eventMediaPath('front', '../../x', 'clip.mp4')).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});

describe('event media and path resolution', () => {
  it('names event media by camera and id', () => {
    const rel = eventMediaPath('front', '1717247109.250000-ab12cd', 'snapshot.jpg');
    expect(rel).toBe('events/front/1717247109.250000-ab12cd/snapshot.jpg');
    expect(parseEventMediaPath(rel)).toEqual({ camera: 'front', eventId: '1717247109.250000-ab12cd', file: 'snapshot.jpg' });
    expect(parseEventMediaPath('events/front/loose.jpg')).toBeNull();
  });

  it.each(['/etc/passwd', '../x', 'a/../../x', 'a//b', './a', '', 'a\\b'])('refuses %j', (rel) => {
    expect(() => resolveMediaPath('/data', rel)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('resolves relative paths inside the data folder', () => {
    expect(resolveMediaPath('/data', 'recordings/front/x.mp4')).toBe('/data/recordings/front/x.mp4');
  });
});
