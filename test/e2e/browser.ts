// Debian's Chromium driven by playwright-core for the dashboard tests: launch, log in, screenshots
// into test-artifacts/e2e/, and page measurements.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Code inside page.evaluate runs in the browser; the Node test project has no DOM library, so the
// few page globals used there are declared here, as narrowly as they are used.
declare const Event: new (type: string) => unknown;
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { drawImage(src: unknown, x: number, y: number, w: number, h: number): void; getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}
export interface VideoLike {
  currentTime: number;
  duration: number;
  readyState: number;
  muted: boolean;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'seeked', fn: () => void, opts: { once: boolean }): void;
}
declare const window: { scrollTo(x: number, y: number): void };
declare const document: {
  activeElement: { id: string; textContent: string | null } | null;
  body: { scrollHeight: number };
  visibilityState: string;
  dispatchEvent(e: unknown): boolean;
  querySelector(selector: string): unknown;
  createElement(tag: 'canvas'): CanvasLike;
  scrollingElement: { scrollWidth: number; clientWidth: number } | null;
};

export const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'e2e');

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 375, height: 812 };

/** playwright gives every launch a fresh temporary profile (user data dir) and removes it at close. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface PageLog {
  errors: string[];
}

/** A new context (own cookies) with a page that records uncaught page errors. */
export async function openPage(browser: Browser, viewport: { width: number; height: number }, phone = false): Promise<{ context: BrowserContext; page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: phone ? 2 : 1, isMobile: phone, hasTouch: phone });
  const page = await context.newPage();
  const log: PageLog = { errors: [] };
  page.on('pageerror', (e) => log.errors.push(e.message));
  return { context, page, log };
}

export async function login(page: Page, baseUrl: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** [scrollWidth, clientWidth] of the document: the page scrolls sideways when the first is larger. */
export async function pageWidths(page: Page): Promise<[number, number]> {
  return page.evaluate(() => {
    const el = document.scrollingElement;
    return el ? ([el.scrollWidth, el.clientWidth] as [number, number]) : ([0, 0] as [number, number]);
  });
}

/** A live tile's canvas scaled down to 64×48 in the page, as RGBA bytes (small enough to compare). */
export async function canvasPixels(page: Page, camera: string): Promise<number[]> {
  return page.evaluate((name) => {
    const canvas = document.querySelector(`[data-camera="${name}"] canvas`) as CanvasLike | null;
    if (!canvas || canvas.width === 0) return [];
    const small = document.createElement('canvas');
    small.width = 64;
    small.height = 48;
    const ctx = small.getContext('2d');
    if (!ctx) return [];
    ctx.drawImage(canvas, 0, 0, 64, 48);
    return Array.from(ctx.getImageData(0, 0, 64, 48).data);
  }, camera);
}

/** Share (0..1) of pixels whose colour differs by more than `threshold` in any channel. */
export function changedShare(a: number[], b: number[], threshold = 24): number {
  if (a.length === 0 || a.length !== b.length) return 1;
  let changed = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i]! - b[i]!) > threshold || Math.abs(a[i + 1]! - b[i + 1]!) > threshold || Math.abs(a[i + 2]! - b[i + 2]!) > threshold) changed += 1;
  }
  return changed / (a.length / 4);
}

/** Spread of brightness: near 0 for a blank (black or flat) canvas. */
export function brightnessSpread(px: number[]): number {
  let min = 255;
  let max = 0;
  for (let i = 0; i < px.length; i += 4) {
    const v = (px[i]! + px[i + 1]! + px[i + 2]!) / 3;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return px.length === 0 ? 0 : max - min;
}

/** Frames the tile has drawn so far (its data-frames attribute). */
export async function tileFrames(page: Page, camera: string): Promise<number> {
  return Number((await page.getAttribute(`[data-camera="${camera}"]`, 'data-frames')) ?? '0');
}

/** Waits until the tile has drawn more than `count` frames. */
export async function waitForFrames(page: Page, camera: string, count: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    ([name, n]) => Number((document.querySelector(`[data-camera="${name}"]`) as { dataset: { frames?: string } } | null)?.dataset.frames ?? 0) > Number(n),
    [camera, String(count)] as const,
    { timeout },
  );
}

// Functions given to evaluate run in the page: they may not call helpers from this file.
export async function videoState(page: Page): Promise<{ currentTime: number; duration: number; readyState: number }> {
  return page.locator('video.clip').evaluate((el) => {
    const v = el as unknown as VideoLike;
    return { currentTime: v.currentTime, duration: v.duration, readyState: v.readyState };
  });
}

/** Starts playback muted (autoplay rules allow muted play without a gesture). */
export async function playVideo(page: Page): Promise<void> {
  await page.locator('video.clip').evaluate((el) => {
    const v = el as unknown as VideoLike;
    v.muted = true;
    return v.play();
  });
}

export async function pauseVideo(page: Page): Promise<void> {
  await page.locator('video.clip').evaluate((el) => (el as unknown as VideoLike).pause());
}

/** Sets currentTime and waits for the seek to finish; returns where the video is then. */
export async function seekVideo(page: Page, seconds: number): Promise<number> {
  return page.locator('video.clip').evaluate(async (el, t) => {
    const v = el as unknown as VideoLike;
    await new Promise<void>((resolve) => {
      v.addEventListener('seeked', () => resolve(), { once: true });
      v.currentTime = t;
    });
    return v.currentTime;
  }, seconds);
}

/** Waits until the clip's currentTime passes `seconds`. */
export async function waitForVideoTime(page: Page, seconds: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction((t) => (document.querySelector('video.clip') as VideoLike).currentTime > t, seconds, { timeout });
}

/**
 * Makes the page report itself hidden (or visible) and fires visibilitychange, as the browser does
 * when the tab goes to the background; headless Chromium never hides a page by itself.
 */
export async function setPageHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** Scrolls the page to the bottom (true) or the top (false). */
export async function scrollPage(page: Page, toBottom: boolean): Promise<void> {
  await page.evaluate((bottom) => window.scrollTo(0, bottom ? document.body.scrollHeight : 0), toBottom);
}

/** The id and text of the element that has the keyboard focus. */
export async function focused(page: Page): Promise<{ id: string; text: string }> {
  return page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '' }));
}

/** The natural size of an image once it has loaded (waits for it; 0×0 if it failed). */
export async function imageSize(page: Page, selector: string): Promise<{ width: number; height: number }> {
  const img = page.locator(selector).first();
  await img.waitFor();
  return img.evaluate(async (el) => {
    const i = el as unknown as { complete: boolean; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
    await i.decode().catch(() => undefined);
    return { width: i.naturalWidth, height: i.naturalHeight };
  });
}
