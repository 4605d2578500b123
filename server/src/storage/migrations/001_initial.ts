// The first schema: events, recordings and gaps, the webhook outbox, users/tokens/sessions, meta.
// Times are UTC epoch seconds (REAL); media paths are relative to the data folder.
import type { Migration } from './migration';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE events (
  id            TEXT PRIMARY KEY,
  camera        TEXT NOT NULL,
  label         TEXT NOT NULL,
  sub_label     TEXT,
  score         REAL NOT NULL DEFAULT 0,
  top_score     REAL NOT NULL DEFAULT 0,
  start_time    REAL NOT NULL,
  end_time      REAL,
  zones         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(zones) AND json_type(zones) = 'array'),
  box           TEXT NOT NULL CHECK (json_valid(box)),
  region        TEXT CHECK (region IS NULL OR json_valid(region)),
  detect_width  INTEGER NOT NULL,
  detect_height INTEGER NOT NULL,
  has_clip      INTEGER NOT NULL DEFAULT 0 CHECK (has_clip IN (0, 1)),
  has_snapshot  INTEGER NOT NULL DEFAULT 0 CHECK (has_snapshot IN (0, 1)),
  retain        INTEGER NOT NULL DEFAULT 0 CHECK (retain IN (0, 1)),
  manual        INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  snapshot_path TEXT,
  thumbnail     BLOB,
  clip_path     TEXT,
  last_seen     REAL NOT NULL,
  data          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
  created_at    REAL NOT NULL,
  updated_at    REAL NOT NULL,
  CHECK (end_time IS NULL OR end_time >= start_time)
);
-- List order is (start_time, id): the id breaks ties so paging never skips a row.
CREATE INDEX events_start ON events (start_time DESC, id DESC);
CREATE INDEX events_camera_start ON events (camera, start_time DESC, id DESC);
CREATE INDEX events_label_start ON events (label, start_time DESC, id DESC);
CREATE INDEX events_open ON events (camera, start_time) WHERE end_time IS NULL;
-- Retention: expiry by end time, and the longest closed event bounds overlap searches.
CREATE INDEX events_end ON events (end_time);
CREATE INDEX events_span ON events ((end_time - start_time));

-- A segment never spans more than an hour, so overlap searches can bound their index range.
CREATE TABLE recording_segments (
  id         INTEGER PRIMARY KEY,
  camera     TEXT NOT NULL,
  path       TEXT NOT NULL UNIQUE,
  start_time REAL NOT NULL,
  end_time   REAL NOT NULL,
  duration   REAL NOT NULL,
  bytes      INTEGER NOT NULL CHECK (bytes >= 0),
  kind       TEXT NOT NULL DEFAULT 'continuous' CHECK (kind IN ('continuous', 'event')),
  created_at REAL NOT NULL,
  CHECK (end_time >= start_time AND end_time - start_time <= 3600)
);
CREATE INDEX recording_segments_camera_start ON recording_segments (camera, start_time);
CREATE INDEX recording_segments_start ON recording_segments (start_time);

CREATE TABLE recording_gaps (
  id         INTEGER PRIMARY KEY,
  camera     TEXT NOT NULL,
  start_time REAL NOT NULL,
  end_time   REAL,
  reason     TEXT NOT NULL CHECK (reason IN ('camera_offline', 'recorder_restart', 'disk_full', 'recorder_failed', 'startup', 'shutdown', 'crash')),
  detail     TEXT,
  CHECK (end_time IS NULL OR end_time >= start_time)
);
CREATE INDEX recording_gaps_camera_start ON recording_gaps (camera, start_time);
CREATE INDEX recording_gaps_open ON recording_gaps (camera) WHERE end_time IS NULL;

CREATE TABLE webhook_outbox (
  id              TEXT PRIMARY KEY,
  hook            TEXT NOT NULL,
  url             TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  payload         TEXT NOT NULL,
  headers         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(headers)),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at REAL NOT NULL,
  last_error      TEXT,
  last_status     INTEGER,
  created_at      REAL NOT NULL,
  delivered_at    REAL,
  expires_at      REAL NOT NULL
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
CREATE INDEX webhook_outbox_created ON webhook_outbox (created_at);

CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash       TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
  created_at          REAL NOT NULL,
  password_changed_at REAL NOT NULL
);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   REAL NOT NULL,
  last_used_at REAL,
  revoked      INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sessions (
  id         TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at REAL NOT NULL,
  expires_at REAL NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
};
