// SVG overlays drawn onto frames by sharp: object boxes with label and score, zones, motion.
import type { Box } from '../contracts/domain';

export interface OverlayBox {
  box: Box;
  label?: string;
  score?: number;
  color?: string;
}

export interface OverlayOptions {
  boxes?: OverlayBox[];
  zones?: Array<{ name: string; points: [number, number][]; color?: string }>;
  motion?: Box[];
}

const COLORS: Record<string, string> = { person: '#ff5a5a', car: '#4da3ff', truck: '#4da3ff', bus: '#4da3ff', dog: '#ffb347', cat: '#ffb347' };

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An SVG the size of the frame; stroke widths scale with the frame so small frames stay legible. */
export function overlaySvg(width: number, height: number, o: OverlayOptions): string {
  const sw = Math.max(2, Math.round(Math.min(width, height) / 240));
  const fs = Math.max(11, Math.round(Math.min(width, height) / 36));
  const parts: string[] = [];
  for (const z of o.zones ?? []) {
    const pts = z.points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    parts.push(`<polygon points="${pts}" fill="${z.color ?? '#9b59b6'}" fill-opacity="0.15" stroke="${z.color ?? '#9b59b6'}" stroke-width="${sw}"/>`);
  }
  for (const m of o.motion ?? []) {
    parts.push(`<rect x="${m[0]}" y="${m[1]}" width="${Math.max(0, m[2] - m[0])}" height="${Math.max(0, m[3] - m[1])}" fill="none" stroke="#ffd400" stroke-dasharray="${sw * 2}" stroke-width="${Math.max(1, sw - 1)}"/>`);
  }
  for (const b of o.boxes ?? []) {
    const color = b.color ?? COLORS[b.label ?? ''] ?? '#2ecc71';
    const [x1, y1, x2, y2] = b.box.map((v) => Math.round(v)) as Box;
    parts.push(`<rect x="${x1}" y="${y1}" width="${Math.max(0, x2 - x1)}" height="${Math.max(0, y2 - y1)}" fill="none" stroke="${color}" stroke-width="${sw}"/>`);
    if (b.label !== undefined) {
      const text = `${b.label}${b.score !== undefined ? ` ${Math.round(b.score * 100)}%` : ''}`;
      const tw = Math.round(text.length * fs * 0.6) + 6;
      const ty = y1 - fs - 4 >= 0 ? y1 - fs - 4 : y1;
      parts.push(`<rect x="${x1}" y="${ty}" width="${tw}" height="${fs + 4}" fill="${color}"/>`);
      parts.push(`<text x="${x1 + 3}" y="${ty + fs}" font-family="DejaVu Sans, sans-serif" font-size="${fs}" fill="#000">${esc(text)}</text>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}
