import type { Database } from 'better-sqlite3';
import type { ReaderSettings } from '../../../shared/methods/reader';
import { bumpRevision } from '../db/revision';

const DEFAULT_READER_SETTINGS: ReaderSettings = { autoMarkRead: false, darkPages: false };

export function readerSettings(db: Database): ReaderSettings {
  const rows = db.prepare('SELECT key, value FROM reader_setting').all() as { key: string; value: string }[];
  const out: ReaderSettings = { ...DEFAULT_READER_SETTINGS };
  for (const { key, value } of rows) {
    // Unknown keys (from a newer Lectern) are kept in the table and ignored here.
    if (key === 'autoMarkRead' || key === 'darkPages') out[key] = value === 'true';
  }
  return out;
}

export function setReaderSettings(db: Database, change: Partial<ReaderSettings>): ReaderSettings {
  return db
    .transaction(() => {
      const put = db.prepare('INSERT INTO reader_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      for (const [key, value] of Object.entries(change)) if (value !== undefined) put.run(key, String(value));
      bumpRevision(db);
      return readerSettings(db);
    })
    .immediate();
}
