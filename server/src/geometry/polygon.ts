// Polygons for masks and zones: point-in-polygon and resolving relative coordinates.

export type Point = [number, number];
export type Polygon = Point[];

/** Even-odd ray casting; points on an edge may fall either way. */
export function pointInPolygon(p: Point, poly: Polygon): boolean {
  let inside = false;
  const [x, y] = p;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i] as Point;
    const [xj, yj] = poly[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True when every coordinate is within 0..1 (a relative polygon). */
export function isRelative(poly: Polygon): boolean {
  return poly.every(([x, y]) => x <= 1 && y <= 1);
}

/** Polygon in frame pixels: relative polygons are scaled to the frame size. */
export function toPixels(poly: Polygon, width: number, height: number): Polygon {
  return isRelative(poly) ? poly.map(([x, y]) => [x * width, y * height] as Point) : poly.map(([x, y]) => [x, y] as Point);
}
