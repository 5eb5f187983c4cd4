import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { SCHEMA_VERSION } from '../db/migrations';
import { dbFile, SUSPECT_MARKER } from './files';
import { verifyDatabaseFile } from './verify';

type LibraryState =
  | { kind: 'absent' }
  | { kind: 'ok'; fullCheck: boolean }
  | { kind: 'damaged'; reason: string };

interface CheckOptions {
  nativeBinding?: string;
  /** Run the full integrity check when the database (with its WAL) is at most this big. */
  fullCheckMaxBytes?: number;
  /** Always run the full check (lectern doctor). */
  full?: boolean;
}

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Errors that mean the file is damaged, as opposed to busy, missing or written by a newer Lectern. */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  return /^SQLITE_(CORRUPT|NOTADB)/.test(code) || /malformed|not a database|file is not a database/i.test((e as Error)?.message ?? '');
}

function size(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * The check at every start. Cheap by default: the file's header, opening it (SQLite replays
 * the WAL), the schema and a count of each main table, which touches their root pages. The full
 * integrity_check runs when the library is small enough for it to be quick, when `full` is
 * asked, or when a process left the suspect marker after meeting damage. (Larger libraries are
 * checked in full once a day by the automatic backup, which checks its copy.)
 */
export function checkLibrary(dataDir: string, opts: CheckOptions = {}): LibraryState {
  const file = dbFile(dataDir);
  if (!fs.existsSync(file) || (size(file) === 0 && size(`${file}-wal`) === 0)) return { kind: 'absent' };
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (size(file) > 0 && !head.equals(HEADER)) return { kind: 'damaged', reason: 'the file does not start with an SQLite header: it was overwritten, or is not a database' };

  const suspect = fs.existsSync(path.join(dataDir, SUSPECT_MARKER));
  const full = opts.full || suspect || size(file) + size(`${file}-wal`) <= (opts.fullCheckMaxBytes ?? 16 * 1024 * 1024);
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
    db.pragma('busy_timeout = 10000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) return { kind: 'ok', fullCheck: false }; // migrate() refuses it with the right words
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    for (const t of ['paper', 'digest', 'paper_digest', 'meta']) {
      if (version > 0 && !tables.has(t)) return { kind: 'damaged', reason: `the table "${t}" is missing` };
      if (tables.has(t)) db.prepare(`SELECT count(*) FROM ${t}`).pluck().get();
    }
    if (full) {
      db.close();
      db = null;
      const v = verifyDatabaseFile(file, { nativeBinding: opts.nativeBinding });
      if (!v.ok) return { kind: 'damaged', reason: `SQLite's integrity check failed: ${v.problems.slice(0, 3).join('; ')}` };
    }
    return { kind: 'ok', fullCheck: full };
  } catch (e) {
    if (isCorruption(e)) return { kind: 'damaged', reason: (e as Error).message };
    if ((e as { code?: string }).code === 'SQLITE_BUSY') throw new LecternError('LIBRARY_BUSY', 'The library is busy with another process; try again in a moment.');
    throw e;
  } finally {
    db?.close();
  }
}
