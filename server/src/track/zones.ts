// Zones: named polygons an object can be in (`current_zones`) and has been in (`entered_zones`,
// sticky for the object's life). An object counts as inside after `inertia` consecutive frames
// with its standing point inside, so a box jittering over the edge does not flap in and out.
import type { Box } from '../contracts/domain';
import type { ObjectFilter, ZoneConfig } from '../config/schema';
import { pointInPolygon, toPixels, type Polygon } from '../geometry/polygon';
import { passesFilter, standingPoint } from './filters';

export interface CompiledZone {
  name: string;
  /** Detect-frame pixels. */
  polygon: Polygon;
  /** Labels that count here (empty = every tracked label). */
  objects: string[];
  filters: Record<string, ObjectFilter>;
  inertia: number;
}

/** Zones with their polygons in detect-frame pixels, in name order. */
export function compileZones(zones: Record<string, ZoneConfig>, frameWidth: number, frameHeight: number): CompiledZone[] {
  return Object.keys(zones)
    .sort()
    .map((name) => {
      const z = zones[name] as ZoneConfig;
      return { name, polygon: toPixels(z.coordinates, frameWidth, frameHeight), objects: z.objects, filters: z.filters, inertia: z.inertia };
    });
}

/** What a zone judges about an object on one frame. */
export interface ZoneSubject {
  label: string;
  box: Box;
  /** Score of the current detection (zone `min_score`). */
  score: number;
  /** Median-smoothed score of the track (zone `threshold`). */
  medianScore: number;
}

/** True when the object, as seen on this frame, counts in the zone. */
export function inZone(o: ZoneSubject, z: CompiledZone, frameWidth: number, frameHeight: number): boolean {
  if (z.objects.length > 0 && !z.objects.includes(o.label)) return false;
  const f = z.filters[o.label];
  if (f && (!passesFilter(o, f) || o.medianScore < f.threshold)) return false;
  return pointInPolygon(standingPoint(o.box, frameWidth, frameHeight), z.polygon);
}

/** One object's zone state. */
export class ZonePresence {
  private readonly streaks = new Map<string, number>();
  private readonly enteredList: string[] = [];
  private currentList: string[] = [];

  /** Counts one observed frame; leaving a zone clears it from `current` at once. */
  observe(o: ZoneSubject, zones: CompiledZone[], frameWidth: number, frameHeight: number): void {
    const current: string[] = [];
    for (const z of zones) {
      if (!inZone(o, z, frameWidth, frameHeight)) {
        this.streaks.delete(z.name);
        continue;
      }
      const streak = (this.streaks.get(z.name) ?? 0) + 1;
      this.streaks.set(z.name, streak);
      if (streak >= z.inertia) {
        current.push(z.name);
        if (!this.enteredList.includes(z.name)) this.enteredList.push(z.name);
      }
    }
    this.currentList = current;
  }

  /** Zones the object is in now (zone order). */
  get current(): string[] {
    return [...this.currentList];
  }

  /** Zones the object has ever been in (order of entry). */
  get entered(): string[] {
    return [...this.enteredList];
  }
}
