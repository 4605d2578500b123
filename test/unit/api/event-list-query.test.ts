// GET /api/events query strings → the repository's EventQuery, and the 400s for bad values.
import { eventListQuerySchema, toEventQuery } from '../../../server/src/api/event-list-query';

const parse = (q: Record<string, unknown>) => eventListQuerySchema.safeParse(q);

describe('eventListQuerySchema + toEventQuery', () => {
  it('applies the defaults (newest first, 100, no thumbnails)', () => {
    expect(toEventQuery(parse({}).data!)).toEqual({ include_thumbnails: false, limit: 100, sort: 'desc' });
  });

  it('merges singular and plural filters, parses booleans, numbers and times', () => {
    const q = parse({
      camera: 'front', cameras: 'back,front', label: 'person', labels: 'traffic light, car', zone: 'yard', zones: '',
      after: '1700000000', before: '2023-11-15T00:00:00Z', min_score: '0.75', has_clip: '1', has_snapshot: 'false',
      in_progress: '0', include_thumbnails: 'true', limit: '25', sort: 'asc',
    });
    expect(q.success).toBe(true);
    expect(toEventQuery(q.data!)).toEqual({
      cameras: ['front', 'back'], labels: ['person', 'traffic light', 'car'], zones: ['yard'],
      after: 1700000000, before: 1700006400, min_score: 0.75, has_clip: true, has_snapshot: false, in_progress: false,
      include_thumbnails: true, limit: 25, sort: 'asc',
    });
  });

  it.each([
    ['limit', '0'], ['limit', '1001'], ['limit', '2.5'], ['limit', ''], ['limit', ['1', '2']],
    ['after', 'yesterday'], ['after', '-5'], ['before', '99999999999999'], ['before', '2023-13-45T00:00:00Z'],
    ['min_score', '1.5'], ['min_score', 'high'], ['has_clip', 'yes'], ['sort', 'newest'],
    ['camera', 'Front'], ['cameras', 'a,b/c'], ['labels', 'per/son'], ['zones', '..'], ['label', 'x'.repeat(65)],
    ['cameras', Array.from({ length: 51 }, (_, i) => `c${i}`).join(',')], ['unknown', '1'],
  ])('refuses %s=%j', (key, value) => {
    expect(parse({ [key]: value }).success).toBe(false);
  });
});
