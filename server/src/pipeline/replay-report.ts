// Collects what a replay found: confirmed tracks with their first and last frame, best score,
// zones and whether they ended stationary.
import type { TrackedObject } from '../contracts/domain';

export interface ReplayTrack {
  id: string;
  label: string;
  firstFrame: number;
  lastFrame: number;
  topScore: number;
  zones: string[];
  stationary: boolean;
}

export class TrackReport {
  private readonly tracks = new Map<string, ReplayTrack>();

  /** Records confirmed objects; `toFrame` maps a frame time (epoch ms) to its index in the file. */
  observe(objects: readonly TrackedObject[], toFrame: (timeMs: number) => number): void {
    for (const o of objects) {
      if (!o.confirmed) continue;
      const t = this.tracks.get(o.id);
      if (!t) {
        const first = toFrame(o.start_time);
        this.tracks.set(o.id, { id: o.id, label: o.label, firstFrame: first, lastFrame: toFrame(o.last_seen), topScore: o.top_score, zones: [...o.entered_zones], stationary: o.stationary });
        continue;
      }
      t.lastFrame = toFrame(o.last_seen);
      t.topScore = Math.max(t.topScore, o.top_score);
      for (const z of o.entered_zones) if (!t.zones.includes(z)) t.zones.push(z);
      t.stationary = o.stationary;
    }
  }

  list(): ReplayTrack[] {
    return [...this.tracks.values()]
      .map((t) => ({ ...t, topScore: Math.round(t.topScore * 1000) / 1000 }))
      .sort((a, b) => a.firstFrame - b.firstFrame || a.id.localeCompare(b.id));
  }
}
