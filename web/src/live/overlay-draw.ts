// Draws a live frame and its overlays (zones, motion, detector regions, object boxes) on a canvas.
import type { LiveFrameHeader } from '../../../server/src/contracts/ws-messages';
import { boxToRect, containFit, labelColor, labelPosition, objectLabel, polygonToCanvas, zoneColor, type Rect } from './overlay-geometry';

export interface OverlayToggles {
  objects: boolean;
  zones: boolean;
  motion: boolean;
  regions: boolean;
}

export interface DrawInput {
  image: CanvasImageSource & { width: number; height: number };
  header: LiveFrameHeader;
  zones: Record<string, [number, number][]>;
  overlays: OverlayToggles;
  /** Device pixels per CSS pixel (line widths and text stay the same size on screen). */
  dpr: number;
}

function strokeRect(ctx: CanvasRenderingContext2D, r: Rect): void {
  ctx.strokeRect(Math.round(r.x) + 0.5, Math.round(r.y) + 0.5, Math.round(r.w), Math.round(r.h));
}

export function drawFrame(ctx: CanvasRenderingContext2D, input: DrawInput): void {
  const { canvas } = ctx;
  const { header, overlays, dpr } = input;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const fit = containFit(input.image.width, input.image.height, canvas.width, canvas.height);
  ctx.drawImage(input.image, fit.x, fit.y, fit.w, fit.h);
  const fw = header.width;
  const fh = header.height;
  if (fw <= 0 || fh <= 0) return;
  const line = Math.max(1, Math.round(2 * dpr));

  if (overlays.zones) {
    for (const [name, points] of Object.entries(input.zones)) {
      if (points.length < 3) continue;
      const pts = polygonToCanvas(points, fw, fh, fit);
      const color = zoneColor(name);
      ctx.beginPath();
      pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      ctx.closePath();
      ctx.globalAlpha = 0.15;
      ctx.fillStyle = color;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = line;
      ctx.strokeStyle = color;
      ctx.stroke();
      const [lx, ly] = pts[0] as [number, number];
      ctx.font = `${Math.round(11 * dpr)}px system-ui, sans-serif`;
      ctx.fillStyle = color;
      ctx.fillText(name, lx + 3 * dpr, ly + 13 * dpr);
    }
  }
  if (overlays.regions) {
    ctx.setLineDash([4 * dpr, 4 * dpr]);
    ctx.lineWidth = Math.max(1, dpr);
    ctx.strokeStyle = '#20c997';
    for (const b of header.regions) strokeRect(ctx, boxToRect(b, fw, fh, fit));
    ctx.setLineDash([]);
  }
  if (overlays.motion) {
    ctx.lineWidth = Math.max(1, dpr);
    ctx.strokeStyle = '#fab005';
    for (const b of header.motion) strokeRect(ctx, boxToRect(b, fw, fh, fit));
  }
  if (overlays.objects) {
    // 12 px labels on a desktop tile, down to 9 px on a phone-sized one, so tags do not bury people.
    const fontPx = Math.round(Math.max(9, Math.min(12, canvas.width / dpr / 45)) * dpr);
    ctx.font = `600 ${fontPx}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    for (const o of header.objects) {
      const r = boxToRect(o.box, fw, fh, fit);
      const color = labelColor(o.label);
      ctx.lineWidth = line;
      ctx.strokeStyle = color;
      ctx.setLineDash(o.stationary ? [6 * dpr, 3 * dpr] : []);
      strokeRect(ctx, r);
      ctx.setLineDash([]);
      const text = objectLabel(o.label, o.score);
      const tw = ctx.measureText(text).width + 6 * dpr;
      const th = fontPx + 4 * dpr;
      const p = labelPosition(r, tw, th, canvas.width, canvas.height);
      ctx.fillStyle = color;
      ctx.fillRect(p.x, p.y, tw, th);
      ctx.fillStyle = '#111';
      ctx.fillText(text, p.x + 3 * dpr, p.y + 2 * dpr);
    }
    ctx.textBaseline = 'alphabetic';
  }
}
