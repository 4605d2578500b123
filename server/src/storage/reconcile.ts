// Startup reconciliation of the database with the media folders, run before recorders start:
// rows whose files are gone are fixed, complete segment files nobody indexed are indexed, partial
// and unknown files are removed, and events left open by a crash are closed at their last evidence.
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '../lib/clock';
import { errorMessage } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { Db } from './database';
import { EVENTS_DIR, RECORDINGS_DIR, isTempFile, parseEventMediaPath, parseSegmentPath, resolveMediaPath } from '../lib/media-paths';
import { EventIndex, type EventInfo } from './retention';
import { SegmentRepository } from './segment.repository';

export interface ReconcileReport {
  /** Segment rows whose file was missing. */
  segmentRowsRemoved: number;
  /** Complete segment files indexed from their names. */
  segmentsIndexed: number;
  /** Partial, temporary or unknown files removed. */
  filesRemoved: number;
  snapshotsLost: number;
  clipsLost: number;
  eventsClosed: number;
}

export interface ReconcileDeps {
  db: Db;
  dataDir: string;
  clock?: Clock;
  log?: Logger;
}

interface EventMediaRow {
  id: string;
  camera: string;
  start_time: number;
  end_time: number | null;
  last_seen: number;
  has_clip: number;
  clip_path: string | null;
  snapshot_path: string | null;
}

/** Regular files under `dir`, as data-relative paths with '/' separators, one folder at a time. */
function* walkFiles(dataDir: string, rel: string): Generator<{ rel: string; kind: 'file' | 'other' }> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dataDir, ...rel.split('/')), { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) yield* walkFiles(dataDir, child);
    else yield { rel: child, kind: e.isFile() ? 'file' : 'other' };
  }
}

/** Depth-first removal of empty folders below `recordings/<camera>` and `events/<camera>`. */
function pruneEmptyDirs(abs: string, depth: number): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) pruneEmptyDirs(path.join(abs, e.name), depth + 1);
  if (depth >= 2 && fs.readdirSync(abs).length === 0) fs.rmdirSync(abs);
}

function exists(dataDir: string, rel: string): boolean {
  try {
    return fs.statSync(resolveMediaPath(dataDir, rel)).isFile();
  } catch {
    return false;
  }
}

interface EventFix {
  row: EventMediaRow;
  snapshotGone: boolean;
  clipFileGone: boolean;
  clipLost: boolean;
  /** end_time for an event left open, or null. */
  closeAt: number | null;
}

/** What to change on each event (every event is listed, so step 4 can look owners up). */
function planEventFixes(db: Db, dataDir: string, segments: SegmentRepository, gone: readonly { camera: string; start_time: number; end_time: number }[]): Map<string, EventFix> {
  const rows = db
    .prepare('SELECT id, camera, start_time, end_time, last_seen, has_clip, clip_path, snapshot_path FROM events')
    .all() as EventMediaRow[];
  const fixes = new Map<string, EventFix>();
  const clipFromSegments: EventInfo[] = [];
  for (const row of rows) {
    const f: EventFix = {
      row,
      snapshotGone: row.snapshot_path !== null && !exists(dataDir, row.snapshot_path),
      clipFileGone: row.clip_path !== null && !exists(dataDir, row.clip_path),
      clipLost: false,
      closeAt: row.end_time === null ? Math.max(row.last_seen, row.start_time) : null,
    };
    fixes.set(row.id, f);
    const end = f.closeAt ?? (row.end_time as number);
    if (row.has_clip === 1 && (row.clip_path === null || f.clipFileGone)) {
      clipFromSegments.push({ id: row.id, camera: row.camera, start: row.start_time, end, retain: false, hasClip: true, ownClip: false, files: [] });
    }
    // An event whose own clip file vanished keeps has_clip only while segments still cover it.
    if (f.clipFileGone && row.has_clip === 1 && segments.listSegments(row.camera, row.start_time, end).length === 0) f.clipLost = true;
  }
  // Same rule as retention: footage of the event itself gone (not just its margins) loses the clip.
  const index = new EventIndex(clipFromSegments);
  for (const s of gone) {
    for (const e of index.near(s.camera, s.start_time, s.end_time, 0, 0)) (fixes.get(e.id) as EventFix).clipLost = true;
  }
  return fixes;
}

export function reconcile(deps: ReconcileDeps): ReconcileReport {
  const { db, dataDir } = deps;
  const clock = deps.clock ?? systemClock;
  const nowS = clock.now() / 1000;
  const segments = new SegmentRepository(db, clock);
  const report: ReconcileReport = { segmentRowsRemoved: 0, segmentsIndexed: 0, filesRemoved: 0, snapshotsLost: 0, clipsLost: 0, eventsClosed: 0 };
  const remove = (rel: string, why: string) => {
    try {
      fs.rmSync(resolveMediaPath(dataDir, rel), { force: true });
      report.filesRemoved++;
      deps.log?.info({ file: rel, why }, 'reconcile removed a file');
    } catch (e) {
      deps.log?.warn({ file: rel, err: errorMessage(e) }, 'reconcile could not remove a file');
    }
  };

  // 1. Segment rows without a file.
  const gone = segments.allPaths().filter((r) => !exists(dataDir, r.path));
  report.segmentRowsRemoved = segments.deleteSegments(gone.map((r) => r.id));

  // 2. Files under recordings/ that no row knows: index complete ones, remove the rest.
  for (const f of walkFiles(dataDir, RECORDINGS_DIR)) {
    if (f.kind !== 'file') continue;
    if (isTempFile(f.rel)) {
      remove(f.rel, 'temporary');
      continue;
    }
    const parsed = parseSegmentPath(f.rel);
    if (!parsed) {
      remove(f.rel, 'not a segment name');
      continue;
    }
    if (segments.getByPath(f.rel)) continue;
    const bytes = fs.statSync(resolveMediaPath(dataDir, f.rel)).size;
    if (bytes === 0) {
      remove(f.rel, 'empty');
      continue;
    }
    try {
      segments.insertSegment({ camera: parsed.camera, path: f.rel, start_time: parsed.start, end_time: parsed.end, bytes });
      report.segmentsIndexed++;
    } catch (e) {
      deps.log?.warn({ file: f.rel, err: errorMessage(e) }, 'reconcile could not index a segment');
      remove(f.rel, 'unindexable');
    }
  }

  // 3. Events: missing own files, clips whose footage went missing, events left open.
  const fixes = planEventFixes(db, dataDir, segments, gone);
  const snapStmt = db.prepare('UPDATE events SET has_snapshot = 0, snapshot_path = NULL, updated_at = ? WHERE id = ?');
  const clipPathStmt = db.prepare('UPDATE events SET clip_path = NULL, updated_at = ? WHERE id = ?');
  const clipStmt = db.prepare('UPDATE events SET has_clip = 0, updated_at = ? WHERE id = ?');
  const closeStmt = db.prepare('UPDATE events SET end_time = ?, updated_at = ? WHERE id = ? AND end_time IS NULL');
  db.transaction(() => {
    for (const f of fixes.values()) {
      if (f.snapshotGone) report.snapshotsLost += snapStmt.run(nowS, f.row.id).changes;
      if (f.clipFileGone) clipPathStmt.run(nowS, f.row.id);
      if (f.clipLost) report.clipsLost += clipStmt.run(nowS, f.row.id).changes;
      if (f.closeAt !== null) report.eventsClosed += closeStmt.run(f.closeAt, nowS, f.row.id).changes;
    }
  })();

  // 4. Files under events/ that no event references.
  for (const f of walkFiles(dataDir, EVENTS_DIR)) {
    if (f.kind !== 'file') continue;
    const parsed = parseEventMediaPath(f.rel);
    const owner = parsed ? fixes.get(parsed.eventId)?.row : undefined;
    if (!owner) remove(f.rel, 'no such event');
    else if (owner.snapshot_path !== f.rel && owner.clip_path !== f.rel) remove(f.rel, 'not referenced by its event');
  }

  for (const dir of [RECORDINGS_DIR, EVENTS_DIR]) pruneEmptyDirs(path.join(dataDir, dir), 0);
  deps.log?.info({ ...report }, 'storage reconciled');
  return report;
}
