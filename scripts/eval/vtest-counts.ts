// People counted by eye on frames of vtest.avi (768x576), for judging detector variants. Each
// point is roughly the middle of one person's visible body. Frames 0, 200, 400 and 600 are the ones
// test/integration/detect/nanodet-real.test.ts uses; the others were saved as PNG (OpenCV read
// forward, as the runtime does), viewed whole and zoomed, and counted for the int8 evaluation.
// `dontCare` marks people too cut off or hidden to demand (a detection there is neither hit nor
// false alarm).

export type Point = [number, number];

export interface CountedFrame {
  frame: number;
  people: Point[];
  dontCare: Point[];
}

export const VTEST_COUNTED: readonly CountedFrame[] = [
  { frame: 0, people: [[268, 265], [515, 195], [662, 281]], dontCare: [] },
  // Two walk side by side on the right; one stands half hidden by the assembly-point sign.
  { frame: 50, people: [[385, 215], [418, 235], [446, 205], [522, 260], [567, 255], [692, 300]], dontCare: [] },
  // One is tiny, far away on the top-left footpath; one stands behind the sign.
  { frame: 100, people: [[362, 237], [392, 213], [437, 223], [507, 183], [528, 187], [602, 192], [230, 77]], dontCare: [] },
  // Two of the seven stand far away beside the white van (top right).
  { frame: 200, people: [[96, 185], [234, 228], [503, 183], [687, 125], [712, 129], [633, 317], [723, 303]], dontCare: [] },
  { frame: 250, people: [[50, 212], [208, 188], [400, 278], [561, 228], [616, 308], [645, 153], [667, 155]], dontCare: [] },
  { frame: 300, people: [[201, 195], [254, 190], [310, 190], [329, 250], [596, 195], [631, 195]], dontCare: [] },
  { frame: 400, people: [[288, 241], [603, 171], [715, 355]], dontCare: [] },
  { frame: 450, people: [[322, 248], [500, 220], [577, 288]], dontCare: [] },
  // A sliver of someone entering at the right edge.
  { frame: 500, people: [[320, 225], [573, 273], [588, 327], [628, 317]], dontCare: [[766, 290]] },
  { frame: 600, people: [[198, 178], [311, 502], [479, 360], [581, 245], [656, 357], [688, 252]], dontCare: [] },
  { frame: 650, people: [[152, 183], [231, 190], [332, 195], [484, 265], [656, 235], [356, 445]], dontCare: [] },
  // Head and shoulders of someone behind the parked car (top right).
  { frame: 700, people: [[120, 340], [197, 200], [292, 240], [380, 210], [415, 177], [485, 167], [532, 200], [705, 262]], dontCare: [[740, 50]] },
];
