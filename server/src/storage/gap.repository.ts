// Recording gaps with a reason, so missing footage can be explained ("camera offline 14:02–14:09").
import type { GapReason } from '../contracts/domain';
import type { GapStore, StoredGap } from '../events/ports';
import { AppError } from '../lib/errors';
import type { Db } from './database';

const COLUMNS = 'id, camera, start_time, end_time, reason, detail';
const REASONS: readonly GapReason[] = ['camera_offline', 'recorder_restart', 'disk_full', 'recorder_failed', 'startup', 'shutdown', 'crash'];

export class GapRepository implements GapStore {
  private readonly insertStmt;
  private readonly closeStmt;
  private readonly openAllStmt;
  private readonly openCameraStmt;
  private readonly overlapStmt;
  private readonly closeAllStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT INTO recording_gaps (camera, start_time, end_time, reason, detail) VALUES (?, ?, NULL, ?, ?)');
    this.closeStmt = db.prepare('UPDATE recording_gaps SET end_time = MAX(?, start_time) WHERE id = ? AND end_time IS NULL');
    this.openAllStmt = db.prepare(`SELECT ${COLUMNS} FROM recording_gaps WHERE end_time IS NULL ORDER BY start_time, id`);
    this.openCameraStmt = db.prepare(`SELECT ${COLUMNS} FROM recording_gaps WHERE end_time IS NULL AND camera = ? ORDER BY start_time, id`);
    // Gaps are few and may be long, so no span bound is needed on the index range.
    this.overlapStmt = db.prepare(
      `SELECT ${COLUMNS} FROM recording_gaps
       WHERE camera = @camera AND start_time < @to AND (end_time IS NULL OR end_time > @from)
       ORDER BY start_time, id`,
    );
    this.closeAllStmt = db.prepare('UPDATE recording_gaps SET end_time = MAX(?, start_time) WHERE end_time IS NULL');
  }

  openGap(camera: string, start: number, reason: GapReason, detail: string | null = null): number {
    if (!REASONS.includes(reason)) throw new AppError('bad_request', `unknown gap reason ${String(reason)}`);
    if (!Number.isFinite(start)) throw new AppError('bad_request', 'gap start must be a finite time');
    return Number(this.insertStmt.run(camera, start, reason, detail).lastInsertRowid);
  }

  /** Closing an already closed gap changes nothing and returns false. */
  closeGap(id: number, end: number): boolean {
    return this.closeStmt.run(end, id).changes > 0;
  }

  /** Closes every open gap (e.g. at startup after a crash, with the first new footage time). */
  closeAllOpen(end: number): number {
    return this.closeAllStmt.run(end).changes;
  }

  openGaps(camera?: string): StoredGap[] {
    return (camera === undefined ? this.openAllStmt.all() : this.openCameraStmt.all(camera)) as StoredGap[];
  }

  listGaps(camera: string, from: number, to: number): StoredGap[] {
    return this.overlapStmt.all({ camera, from, to }) as StoredGap[];
  }
}
