import type { Database } from 'better-sqlite3';
import type { ReadableDB } from '../db/handles';
import { LecternError } from '../../../shared/errors';

/** The largest value one UI key may hold (a column layout is a few hundred bytes). */
const UI_STATE_MAX = 64 * 1024;

export function getUiState(db: ReadableDB, key: string): unknown {
  const v = db.prepare('SELECT value FROM ui_state WHERE key = ?').pluck().get(key) as string | undefined;
  return v === undefined ? null : (JSON.parse(v) as unknown);
}

/** Remembers a UI value; it is not library data, so the revision does not move. */
export function setUiState(db: Database, key: string, value: unknown, now: string): void {
  if (value === null) {
    db.prepare('DELETE FROM ui_state WHERE key = ?').run(key);
    return;
  }
  const json = JSON.stringify(value);
  if (json.length > UI_STATE_MAX) throw new LecternError('BAD_INPUT', `The UI state "${key}" is too large (${json.length} bytes; at most ${UI_STATE_MAX}).`, key);
  db.prepare('INSERT INTO ui_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(key, json, now);
}
