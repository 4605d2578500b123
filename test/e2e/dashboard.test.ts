// The dashboard in Debian's Chromium against the real box (demo video, detector, recorder, auth):
// login, live frames, live events, clip playback and seeking, filters, admin-only actions, system
// and settings pages, phone width, and live updates surviving a server restart.
import type { Browser, Page } from 'playwright-core';
import type { EventRecord } from '../../server/src/contracts/api-types';
import { waitFor } from '../helpers/net';
import {
  brightnessSpread,
  canvasPixels,
  changedShare,
  DESKTOP,
  focused,
  imageSize,
  launchChromium,
  login,
  openPage,
  pageWidths,
  pauseVideo,
  PHONE,
  playVideo,
  screenshot,
  scrollPage,
  seekVideo,
  setPageHidden,
  tileFrames,
  videoState,
  waitForFrames,
  waitForVideoTime,
  type PageLog,
} from './browser';
import { ADMIN, E2eBox, HOOK_SECRET, VIEWER } from './e2e-box';

jest.setTimeout(300_000);

const box = new E2eBox();
let browser: Browser;
let page: Page;
let log: PageLog;

/** The API as the logged-in page sees it (same cookies). */
async function apiJson<T>(path: string): Promise<T> {
  const r = await page.request.get(`${box.url}${path}`);
  if (!r.ok()) throw new Error(`${path}: ${r.status()}`);
  return (await r.json()) as T;
}

async function eventIdsOnPage(p: Page): Promise<string[]> {
  return p.$$eval('.event-card', (els) => els.map((e) => e.getAttribute('data-event-id') ?? ''));
}

beforeAll(async () => {
  await box.start();
  browser = await launchChromium();
  ({ page, log } = await openPage(browser, DESKTOP));
});

afterAll(async () => {
  await browser?.close();
  await box.stop();
  box.cleanup(process.env.VIGIL_E2E_KEEP === '1');
});

test('login: a wrong password shows a clear message, the right one opens the live page', async () => {
  await page.goto(`${box.url}/`);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill('not-the-password');
  await screenshot(page, 'desktop-login');
  await page.getByRole('button', { name: 'Log in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Wrong username or password');
  await screenshot(page, 'desktop-login-wrong');

  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Live' }).waitFor();
  await page.locator('[data-camera="demo"]').waitFor();
  expect(await page.locator('[data-camera]').count()).toBe(2);

  // Keyboard: the first Tab reaches the skip link, which jumps to the page content.
  await page.goto(`${box.url}/`);
  await page.getByRole('heading', { name: 'Live' }).waitFor();
  await page.keyboard.press('Tab');
  expect((await focused(page)).text).toBe('Skip to content');
  await page.keyboard.press('Enter');
  expect((await focused(page)).id).toBe('main');
});

test('live: the demo tile shows real frames that change over time', async () => {
  await waitForFrames(page, 'demo', 2);
  const first = await canvasPixels(page, 'demo');
  const framesBefore = await tileFrames(page, 'demo');
  await page.waitForTimeout(1500);
  const second = await canvasPixels(page, 'demo');
  expect(await tileFrames(page, 'demo')).toBeGreaterThan(framesBefore);
  expect(first.length).toBe(64 * 48 * 4);
  // A picture, not a blank canvas, and not the same picture twice (people walk).
  expect(brightnessSpread(second)).toBeGreaterThan(60);
  expect(changedShare(first, second)).toBeGreaterThan(0.002);

  // Overlays toggle and are remembered.
  const zones = page.getByRole('button', { name: 'Zones' });
  await zones.click();
  expect(await zones.getAttribute('aria-pressed')).toBe('true');
  await page.waitForTimeout(500);
  await screenshot(page, 'desktop-live');
});

test('events: a person event appears in the open list without a reload', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
  await page.getByRole('heading', { name: 'Events' }).waitFor();
  await page.locator('.feedback[role="status"]').waitFor({ state: 'detached', timeout: 30_000 });
  const before = new Set(await eventIdsOnPage(page));
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));

  const fresh = page.locator('.event-card.event-fresh', { has: page.locator('.event-label', { hasText: /^person/ }) }).first();
  await fresh.waitFor({ timeout: 180_000 });
  const id = (await fresh.getAttribute('data-event-id')) ?? '';
  expect(before.has(id)).toBe(false);
  expect(navigations).toEqual([]);
  expect(await page.textContent('[aria-live="polite"]')).toMatch(/new since you opened this page/);
  await screenshot(page, 'desktop-events');
});

test('event clip: plays, and seeking sticks and plays on from there', async () => {
  const withClip = await waitFor('an event with a clip', async () => {
    const list = await apiJson<EventRecord[]>('/api/events?labels=person&has_clip=1&limit=5');
    return list.find((e) => e.end_time !== null && e.has_clip) ?? null;
  }, 180_000, 2000);
  // Range requests are what makes the clip seekable.
  const ranged = await page.request.get(`${box.url}/api/events/${encodeURIComponent(withClip.id)}/clip.mp4`, { headers: { Range: 'bytes=0-99' } });
  expect(ranged.status()).toBe(206);
  expect((await ranged.body()).length).toBe(100);

  await page.goto(`${box.url}/events/${encodeURIComponent(withClip.id)}`);
  await page.locator('video.clip').waitFor();
  await waitFor('clip metadata', async () => (await videoState(page)).readyState >= 1, 30_000);
  const { duration } = await videoState(page);
  expect(duration).toBeGreaterThan(2);

  await playVideo(page);
  await waitForVideoTime(page, 0.5);

  const target = Math.min(duration - 1, Math.max(1, duration / 2));
  await pauseVideo(page);
  const afterSeek = await seekVideo(page, target);
  expect(Math.abs(afterSeek - target)).toBeLessThan(0.5);
  await playVideo(page);
  await waitForVideoTime(page, target + 0.3);
  await pauseVideo(page);

  // The snapshot toggles its box.
  const boxToggle = page.getByRole('button', { name: 'Box' });
  expect(await page.getAttribute('img.snapshot', 'src')).toContain('bbox=1');
  await boxToggle.click();
  expect(await page.getAttribute('img.snapshot', 'src')).toContain('bbox=0');
  await page.getByRole('button', { name: 'Zoom' }).click();
  expect(await page.getAttribute('img.snapshot', 'src')).toContain('crop=1');
  expect((await imageSize(page, 'img.snapshot')).width).toBeGreaterThan(16);
  await screenshot(page, 'desktop-event');
});

test('viewers see no admin actions; admins pin, unpin and delete an event', async () => {
  const [ev] = await apiJson<EventRecord[]>('/api/events?in_progress=0&limit=1');
  expect(ev).toBeDefined();
  const path = `/events/${encodeURIComponent(ev!.id)}`;

  const viewer = await openPage(browser, DESKTOP);
  await login(viewer.page, box.url, VIEWER);
  await viewer.page.goto(`${box.url}${path}`);
  await viewer.page.getByRole('heading', { level: 1 }).waitFor();
  await viewer.page.getByText('Top score').waitFor();
  expect(await viewer.page.getByRole('button', { name: /^(Pin|Unpin|Delete)/ }).count()).toBe(0);
  await viewer.context.close();

  await page.goto(`${box.url}${path}`);
  await page.getByRole('button', { name: /^Pin/ }).click();
  await page.getByRole('button', { name: /^Unpin/ }).waitFor();
  expect((await apiJson<EventRecord>(`/api${path}`)).retain_indefinitely).toBe(true);
  await page.getByRole('button', { name: /^Unpin/ }).click();
  await page.getByRole('button', { name: /^Pin/ }).waitFor();
  expect((await apiJson<EventRecord>(`/api${path}`)).retain_indefinitely).toBe(false);

  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.waitForURL((u) => u.pathname === '/events');
  expect((await page.request.get(`${box.url}/api${path}`)).status()).toBe(404);
});

test('a filter narrows the list', async () => {
  await page.goto(`${box.url}/events`);
  await page.locator('.event-card').first().waitFor();
  const all = await page.$$eval('.event-label', (els) => els.map((e) => e.textContent ?? ''));
  expect(all.some((l) => l.startsWith('person'))).toBe(true);

  await page.getByLabel('Label').selectOption('car');
  await page.waitForURL(/label=car/);
  await page.locator('.feedback[role="status"]').waitFor({ state: 'detached', timeout: 30_000 });
  const cars = await page.$$eval('.event-label', (els) => els.map((e) => e.textContent ?? ''));
  expect(cars.every((l) => l.startsWith('car'))).toBe(true);
  if (cars.length === 0) expect(await page.textContent('.feedback-empty')).toContain('No events match');

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL((u) => u.search === '');
  await page.locator('.event-card').first().waitFor();
});

test('system and settings: stats, configuration without secrets, the webhook test reaches the receiver', async () => {
  await page.goto(`${box.url}/system`);
  await page.getByRole('heading', { name: 'Detector' }).waitFor();
  const text = (await page.textContent('main')) ?? '';
  for (const s of ['Capture fps', 'Inference', 'CPU', 'Memory', 'Recording fits', 'Webhooks', 'Version']) expect(text).toContain(s);
  await screenshot(page, 'desktop-system');

  await page.goto(`${box.url}/settings`);
  const cfg = page.getByLabel('Running configuration');
  await cfg.waitFor();
  const cfgText = (await cfg.textContent()) ?? '';
  expect(cfgText).toContain('demo:');
  expect(cfgText).toContain('secret: "***"');
  expect(cfgText).not.toContain(HOOK_SECRET);
  await page.getByRole('button', { name: 'Send test' }).click();
  await page.getByText(/Test queued for 1 webhook/).waitFor();
  await waitFor('test webhook received', () => box.receiver.all.length > 0, 30_000);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.locator('.delivery').first().waitFor();
  await screenshot(page, 'desktop-settings');

  await page.goto(`${box.url}/cameras/demo`);
  await waitForFrames(page, 'demo', 1, 30_000);
  await page.locator('img.snapshot').waitFor();
  await screenshot(page, 'desktop-camera');
});

test('phone width (375×812): every page fits without sideways scrolling', async () => {
  const phone = await openPage(browser, PHONE, true);
  await phone.page.goto(`${box.url}/`);
  await phone.page.getByLabel('Username').waitFor();
  await screenshot(phone.page, 'phone-login');
  await login(phone.page, box.url, ADMIN);
  // An ended event with its clip (the admin test before may have deleted the only one so far).
  const ev = await waitFor('an ended event with a clip', async () => (await apiJson<EventRecord[]>('/api/events?in_progress=0&has_clip=1&limit=1'))[0], 180_000, 2000);
  const pages: Array<[string, string]> = [
    ['live', '/'],
    ['camera', '/cameras/demo'],
    ['events', '/events'],
    ['event', `/events/${encodeURIComponent(ev?.id ?? 'none')}`],
    ['system', '/system'],
    ['settings', '/settings'],
  ];
  for (const [name, path] of pages) {
    await phone.page.goto(`${box.url}${path}`);
    await phone.page.getByRole('heading', { level: 1 }).first().waitFor().catch((e: Error) => {
      throw new Error(`${name} page (${path}) shows no heading: ${e.message}`);
    });
    await phone.page.waitForTimeout(1500);
    const [scrollWidth, clientWidth] = await pageWidths(phone.page);
    expect({ name, scrollWidth }).toEqual({ name, scrollWidth: clientWidth });
    await screenshot(phone.page, `phone-${name}`);
  }
  expect(phone.log.errors).toEqual([]);
  await phone.context.close();
});

test('a session that ends elsewhere sends the page to the login form; logout works', async () => {
  const other = await openPage(browser, DESKTOP);
  const p = other.page;
  await login(p, box.url, VIEWER);
  // The session ends behind the page's back (as after a password change or expiry).
  const me = (await (await p.request.get(`${box.url}/api/me`)).json()) as { csrf_token: string };
  expect((await p.request.post(`${box.url}/api/logout`, { headers: { 'X-CSRF-Token': me.csrf_token } })).status()).toBe(204);
  await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
  await p.getByText('Your session has ended. Please log in again.').waitFor();
  await p.getByLabel('Username').fill(VIEWER.username);
  await p.getByLabel('Password').fill(VIEWER.password);
  await p.getByRole('button', { name: 'Log in' }).click();
  // Back where the user was going.
  await p.getByRole('heading', { name: 'Events' }).waitFor();
  expect(new URL(p.url()).pathname).toBe('/events');

  await p.getByRole('button', { name: 'Log out' }).click();
  await p.getByLabel('Username').waitFor();
  expect((await p.request.get(`${box.url}/api/me`)).status()).toBe(401);
  await other.context.close();
});

test('a camera that goes away shows it at once and recovers by itself', async () => {
  await page.goto(`${box.url}/`);
  await waitForFrames(page, 'gate', 1, 60_000);
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));

  await box.gate.stop();
  const down = page.locator('[data-camera="gate"] .tile-overlay', { hasText: /Camera (offline|failed)/ });
  await down.waitFor({ timeout: 60_000 });
  await screenshot(page, 'desktop-live-camera-offline');

  await box.gate.start();
  await page.locator('[data-camera="gate"] .badge-online').waitFor({ timeout: 90_000 });
  const n = await tileFrames(page, 'gate');
  await waitForFrames(page, 'gate', n + 2, 30_000);
  expect(await down.count()).toBe(0);
  expect(navigations).toEqual([]);
});

test('tiles stream only while on screen, and nothing streams while the page is hidden', async () => {
  const short = await openPage(browser, { width: 375, height: 420 }, true);
  const p = short.page;
  await login(p, box.url, ADMIN);
  await p.goto(`${box.url}/cameras/demo`);
  await waitForFrames(p, 'demo', 2, 30_000);
  const settled = async (): Promise<number> => {
    await p.waitForTimeout(1000); // a frame already on its way may still land
    const n = await tileFrames(p, 'demo');
    await p.waitForTimeout(2500);
    return (await tileFrames(p, 'demo')) - n;
  };

  await scrollPage(p, true);
  const rect = await p.locator('[data-camera="demo"] .tile-view').boundingBox();
  expect(rect && rect.y + rect.height).toBeLessThan(0);
  expect(await settled()).toBe(0);

  await scrollPage(p, false);
  await waitForFrames(p, 'demo', (await tileFrames(p, 'demo')) + 2, 30_000);

  await setPageHidden(p, true);
  expect(await settled()).toBe(0);
  await setPageHidden(p, false);
  await waitForFrames(p, 'demo', (await tileFrames(p, 'demo')) + 2, 30_000);
  await short.context.close();
});

test('live updates survive a server restart: the socket reconnects and frames resume without reload', async () => {
  await page.goto(`${box.url}/`);
  await waitForFrames(page, 'demo', 1, 30_000);
  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));

  // The banner shows while the server is down; it may be gone again by the time the restart
  // returns (the socket reconnects within a second), so watch for it from before the stop.
  const banner = page
    .getByText(/Live updates interrupted/)
    .waitFor({ timeout: 30_000 })
    .then(() => screenshot(page, 'desktop-live-reconnecting'));
  await box.restart(1500);
  await banner;
  const framesAtRestart = await tileFrames(page, 'demo');
  await waitForFrames(page, 'demo', framesAtRestart + 2, 90_000);
  expect(await page.getByText(/Live updates interrupted/).count()).toBe(0);
  expect(navigations).toEqual([]);
  expect(log.errors).toEqual([]);
});

// Last: after this the login limit blocks new logins from 127.0.0.1 for the rest of its window.
test('login rate limit: the form says how long to wait and holds the button', async () => {
  const fresh = await openPage(browser, DESKTOP);
  const p = fresh.page;
  await p.goto(`${box.url}/`);
  const alert = p.getByRole('alert');
  let text = '';
  for (let i = 0; i < 15 && !text.includes('Too many'); i += 1) {
    await p.getByLabel('Username').fill(ADMIN.username);
    await p.getByLabel('Password').fill(`wrong-${i}`);
    const answered = p.waitForResponse((r) => r.url().endsWith('/api/login'));
    await p.getByRole('button', { name: 'Log in' }).click();
    const status = (await answered).status();
    expect([401, 429]).toContain(status);
    await alert.filter({ hasText: status === 429 ? /Too many/ : /Wrong username/ }).waitFor();
    text = (await alert.textContent()) ?? '';
  }
  expect(text).toMatch(/^Too many failed attempts\. Try again in \d+ s\.$/);
  const button = p.getByRole('button', { name: /^Wait \d+ s$/ });
  expect(await button.isDisabled()).toBe(true);
  await screenshot(p, 'desktop-login-rate-limited');
  await fresh.context.close();
});
