import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

/** Checkpoints the WAL into the main file, so damage written to the file is what SQLite reads. */
export function checkpoint(file: string): void {
  const db = new BetterSqlite3(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** Overwrites the page that holds the root of `object` (an index or table) with garbage. */
export function damagePageOf(file: string, object: string): void {
  checkpoint(file);
  const db = new BetterSqlite3(file, { readonly: true });
  const root = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(object) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
  fs.closeSync(fd);
}

/** The kind of damage a bad copy or a disk leaves: the first bytes are no longer SQLite's. */
export function damageHeader(file: string): void {
  checkpoint(file);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.from('this is not a database anymore!!'), 0, 32, 0);
  fs.closeSync(fd);
}
