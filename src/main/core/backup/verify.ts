import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

export interface Verdict {
  ok: boolean;
  /** integrity_check's own words, at most a few lines. */
  problems: string[];
  schemaVersion: number | null;
  papers: number | null;
  digests: number | null;
}

interface VerifyOptions {
  nativeBinding?: string;
  /** A fresh copy is made self-contained (rollback journal instead of WAL) while being checked. */
  finalize?: boolean;
}

/**
 * Opens a database file on its own connection and runs SQLite's full integrity_check on it.
 * A file that cannot even be opened is a verdict, not an exception.
 */
export function verifyDatabaseFile(file: string, opts: VerifyOptions = {}): Verdict {
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true, readonly: !opts.finalize, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
    if (opts.finalize) db.pragma('journal_mode = DELETE');
    return inspect(db);
  } catch (e) {
    return { ok: false, problems: [(e as Error).message], schemaVersion: null, papers: null, digests: null };
  } finally {
    db?.close();
  }
}

function inspect(db: BetterSqlite3.Database): Verdict {
  const result = (db.pragma('integrity_check(20)') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const ok = result.length === 1 && result[0] === 'ok';
  const count = (table: string) => {
    try {
      return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    } catch {
      return null;
    }
  };
  return { ok, problems: ok ? [] : result, schemaVersion: db.pragma('user_version', { simple: true }) as number, papers: count('paper'), digests: count('digest') };
}

// The same check on a worker thread, so a long integrity_check (seconds on a 400 MB library)
// never holds the app's main thread. The worker is plain JS loading better-sqlite3 by path.
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const Database = require(w.module);
let db = null;
try {
  db = new Database(w.file, Object.assign({ fileMustExist: true, readonly: !w.finalize }, w.nativeBinding ? { nativeBinding: w.nativeBinding } : {}));
  if (w.finalize) db.pragma('journal_mode = DELETE');
  const result = db.pragma('integrity_check(20)').map((r) => r.integrity_check);
  const ok = result.length === 1 && result[0] === 'ok';
  const count = (t) => { try { return db.prepare('SELECT count(*) FROM ' + t).pluck().get(); } catch { return null; } };
  parentPort.postMessage({ ok, problems: ok ? [] : result, schemaVersion: db.pragma('user_version', { simple: true }), papers: count('paper'), digests: count('digest') });
} catch (e) {
  parentPort.postMessage({ ok: false, problems: [String(e && e.message || e)], schemaVersion: null, papers: null, digests: null });
} finally {
  if (db) db.close();
}
`;

export function verifyInWorker(file: string, opts: VerifyOptions = {}): Promise<Verdict> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, module, finalize: !!opts.finalize, nativeBinding: opts.nativeBinding } });
    let settled = false;
    worker.once('message', (v: Verdict) => {
      settled = true;
      resolve(v);
    });
    worker.once('error', (e) => {
      if (!settled) reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the verification worker stopped (exit ${code})`));
    });
  });
}
