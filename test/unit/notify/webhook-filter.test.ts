import { webhookSchema } from '../../../server/src/config/schema';
import type { CameraState, EventChangeType, EventSnapshotData } from '../../../server/src/contracts/domain';
import { cameraTransition, matchesEvent, WebhookFilter, type HookRules } from '../../../server/src/notify/webhook-filter';
import { eventMessage, side } from '../../helpers/event-message';

/** A hook as the config schema makes it (real defaults), with overrides. */
const hook = (over: Record<string, unknown> = {}): HookRules => webhookSchema.parse({ url: 'http://127.0.0.1:9/hook', ...over });

describe('matchesEvent', () => {
  it.each<[string, Record<string, unknown>, Partial<EventSnapshotData>, boolean]>([
    ['defaults match anything', {}, {}, true],
    ['other camera', { cameras: ['back'] }, {}, false],
    ['one of the cameras', { cameras: ['back', 'front'] }, {}, true],
    ['other label', { labels: ['car'] }, {}, false],
    ['listed label', { labels: ['car', 'person'] }, {}, true],
    ['zone filter, no zones yet', { zones: ['porch'] }, {}, false],
    ['zone entered earlier', { zones: ['porch'] }, { entered_zones: ['porch'] }, true],
    ['zone currently in', { zones: ['porch', 'yard'] }, { current_zones: ['yard'] }, true],
    ['other zone', { zones: ['porch'] }, { entered_zones: ['drive'], current_zones: ['drive'] }, false],
    ['top score below min', { min_score: 0.9 }, { top_score: 0.86 }, false],
    ['top score equal to min', { min_score: 0.86 }, { top_score: 0.86 }, true],
    ['uses top score, not current score', { min_score: 0.8 }, { score: 0.5, top_score: 0.82 }, true],
    ['all filters together', { cameras: ['front'], labels: ['person'], zones: ['porch'], min_score: 0.5 }, { entered_zones: ['porch'] }, true],
  ])('%s', (_name, rules, e, expected) => {
    expect(matchesEvent(hook(rules), side(e))).toBe(expected);
  });
});

describe('cameraTransition', () => {
  it.each<[CameraState, 'offline' | 'online' | undefined, string | null]>([
    ['online', undefined, null], // coming up at boot is not news
    ['offline', undefined, 'camera_offline'], // unreachable at boot is
    ['failed', undefined, 'camera_offline'],
    ['failed', 'offline', null], // one report per outage
    ['offline', 'offline', null],
    ['online', 'offline', 'camera_online'],
    ['offline', 'online', 'camera_offline'],
    ['connecting', 'offline', null],
    ['stopped', 'online', null],
  ])('%s after %s → %s', (state, last, expected) => {
    expect(cameraTransition({ camera: 'front', state, previous: 'online', reason: null, time: 0 }, last)).toBe(expected);
  });
});

type Step = [t: number, type: EventChangeType, id: string, camera: string, label: string, expected: boolean];

function run(f: WebhookFilter, steps: Step[]): boolean[] {
  return steps.map(([t, type, id, camera, label]) => f.select({ kind: 'event', message: eventMessage(type, { id, camera, label }) }, 1_717_200_000 + t).hooks.includes(0));
}

describe('WebhookFilter events', () => {
  it('holds back new events of a camera+label during the cooldown, and their followers; announced ones end', () => {
    const steps: Step[] = [
      [0, 'new', 'A', 'front', 'person', true],
      [10, 'new', 'B', 'front', 'person', false], // cooldown for front+person
      [20, 'new', 'C', 'front', 'car', true], // other label
      [30, 'new', 'D', 'back', 'person', true], // other camera
      [40, 'end', 'A', 'front', 'person', true], // its new was delivered
      [50, 'end', 'B', 'front', 'person', false], // its new was held back
      [60, 'new', 'E', 'front', 'person', true], // 60 s after A: cooldown over
      [70, 'update', 'E', 'front', 'person', false], // updates not subscribed
      [80, 'end', 'E', 'front', 'person', true],
      [90, 'end', 'F', 'front', 'person', true], // never seen: judged on its own
    ];
    expect(run(new WebhookFilter([hook({ cooldown: 60 })]), steps)).toEqual(steps.map((s) => s[5]));
  });

  it('without cooldown every matching new goes out', () => {
    const steps: Step[] = [
      [0, 'new', 'A', 'front', 'person', true],
      [1, 'new', 'B', 'front', 'person', true],
      [2, 'new', 'C', 'front', 'dog', true],
    ];
    expect(run(new WebhookFilter([hook()]), steps)).toEqual(steps.map((s) => s[5]));
  });

  it('judges a not-yet-matching event again when it enters the zone', () => {
    const f = new WebhookFilter([hook({ zones: ['porch'], events: ['new', 'update', 'end'] })]);
    const pick = (type: EventChangeType, zones: string[]) => f.select({ kind: 'event', message: eventMessage(type, { id: 'Z', entered_zones: zones }) }, 0).hooks;
    expect([pick('new', []), pick('update', []), pick('update', ['porch']), pick('end', ['porch'])]).toEqual([[], [], [0], [0]]);
  });

  it('keeps the followers of an announced event even when a later side no longer matches', () => {
    const f = new WebhookFilter([hook({ labels: ['person'], events: ['new', 'update', 'end'] })]);
    expect(f.select({ kind: 'event', message: eventMessage('new', { id: 'R' }) }, 0).hooks).toEqual([0]);
    expect(f.select({ kind: 'event', message: eventMessage('update', { id: 'R', label: 'dog' }) }, 1).hooks).toEqual([0]);
    expect(f.select({ kind: 'event', message: eventMessage('end', { id: 'R', label: 'dog' }) }, 2).hooks).toEqual([0]);
    // A dog that was never announced stays filtered.
    expect(f.select({ kind: 'event', message: eventMessage('end', { id: 'S', label: 'dog' }) }, 3).hooks).toEqual([]);
  });

  it('selects per hook and reports the type', () => {
    const f = new WebhookFilter([hook({ labels: ['car'] }), hook(), hook({ events: ['end'] }), hook({ cameras: ['back'] })]);
    expect(f.select({ kind: 'event', message: eventMessage('new') }, 0)).toEqual({ type: 'new', hooks: [1] });
    expect(f.select({ kind: 'event', message: eventMessage('end') }, 1)).toEqual({ type: 'end', hooks: [1, 2] });
  });

  it('forgets the oldest held-back events beyond its memory', () => {
    const f = new WebhookFilter([hook({ cooldown: 600 })], 2);
    const steps: Step[] = [
      [0, 'new', 'A', 'front', 'person', true],
      [1, 'new', 'B', 'front', 'person', false],
      [2, 'new', 'C', 'front', 'person', false],
      [3, 'new', 'D', 'front', 'person', false], // B falls out of the muted memory
      [4, 'end', 'B', 'front', 'person', true],
      [5, 'end', 'C', 'front', 'person', false],
    ];
    expect(run(f, steps)).toEqual(steps.map((s) => s[5]));
  });
});

describe('WebhookFilter camera, disk and test messages', () => {
  const change = (camera: string, state: CameraState) => ({ kind: 'camera' as const, change: { camera, state, previous: 'online' as CameraState, reason: 'gone', time: 0 } });

  it('reports an outage once and its end, to hooks that want it for that camera', () => {
    const f = new WebhookFilter([hook({ cameras: ['front'] }), hook({ events: ['new'] }), hook()]);
    expect(f.select(change('front', 'offline'), 0)).toEqual({ type: 'camera_offline', hooks: [0, 2] });
    expect(f.select(change('front', 'failed'), 1)).toEqual({ type: null, hooks: [] });
    expect(f.select(change('back', 'offline'), 2)).toEqual({ type: 'camera_offline', hooks: [2] });
    expect(f.select(change('front', 'online'), 3)).toEqual({ type: 'camera_online', hooks: [0, 2] });
    expect(f.select(change('front', 'online'), 4)).toEqual({ type: null, hooks: [] });
  });

  it('repeats disk-low at most every 15 minutes', () => {
    const f = new WebhookFilter([hook(), hook({ events: ['new'] })]);
    const disk = { kind: 'disk_low' as const, disk: { free: 1, total: 100, floor: 5, time: 0 } };
    expect([0, 100, 899, 900, 1000].map((t) => f.select(disk, t).hooks)).toEqual([[0], [], [], [0], []]);
  });

  it('sends tests to hooks listing "test", or to one hook asked by index', () => {
    const f = new WebhookFilter([hook(), hook({ events: ['new'] }), hook()]);
    expect(f.select({ kind: 'test', hook: null }, 0).hooks).toEqual([0, 2]);
    expect(f.select({ kind: 'test', hook: 1 }, 0).hooks).toEqual([1]);
    expect(f.select({ kind: 'test', hook: 3 }, 0).hooks).toEqual([]);
  });
});
