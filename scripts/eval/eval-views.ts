// The inputs a detector variant is judged on: each counted frame seen whole and as two square
// region crops (left and right), preprocessed once, exactly as the runtime does, and reused for
// every model (all NanoDet variants of one size share the input spec).
import type { Box } from '../../server/src/contracts/domain';
import type { Letterbox, ModelInputSpec } from '../../server/src/contracts/worker-protocol';
import { fullFrame, preprocessRegion } from '../../server/src/detect/preprocess';
import type { OpenCV } from '../../server/src/lib/opencv';
import { readVideoFrames } from '../prepare/video-frames';
import { peopleInView } from './detection-match';
import type { CountedFrame, Point } from './vtest-counts';

export type ViewKind = 'full' | 'left' | 'right';

export interface EvalView {
  frame: number;
  kind: ViewKind;
  region: Box;
  people: Point[];
  dontCare: Point[];
  tensor: Uint8Array;
  letterbox: Letterbox;
  frameWidth: number;
  frameHeight: number;
}

/** People this close to a crop's edge are cut by it and not demanded (see peopleInView). */
export const CROP_MARGIN = 24;

export function viewRegions(width: number, height: number): [ViewKind, Box][] {
  const s = Math.min(width, height);
  return [
    ['full', [0, 0, width, height]],
    ['left', [0, 0, s, s]],
    ['right', [width - s, 0, width, s]],
  ];
}

export function buildViews(cv: OpenCV, spec: ModelInputSpec, video: string, counted: readonly CountedFrame[]): EvalView[] {
  const mats = readVideoFrames(cv, video, counted.map((c) => c.frame));
  const views: EvalView[] = [];
  for (const c of counted) {
    const img = mats.get(c.frame);
    if (!img) continue;
    for (const [kind, region] of viewRegions(img.cols, img.rows)) {
      const scoped = kind === 'full' ? { people: [...c.people], dontCare: [...c.dontCare] } : peopleInView(region, c.people, c.dontCare, CROP_MARGIN);
      const { data, letterbox } = preprocessRegion(cv, img, kind === 'full' ? fullFrame(img) : region, spec);
      views.push({ frame: c.frame, kind, region, ...scoped, tensor: data.slice(), letterbox, frameWidth: img.cols, frameHeight: img.rows });
    }
  }
  return views;
}
