/**
 * The interest model's thread: trains on the user's signals and scores the unread papers with
 * its own connection, so the table and the quick search never wait for it. Built to
 * out/main/interest-worker.js; the host passes that path in CoreDeps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { refreshInterest } from './update';

export interface InterestJob {
  id: number;
  force: boolean;
  now: string;
}

const data = workerData as { dbFile: string; nativeBinding?: string };
const db = new BetterSqlite3(data.dbFile, { fileMustExist: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
db.pragma('busy_timeout = 10000');
db.pragma('foreign_keys = ON');
db.pragma('cache_size = -32768');

parentPort!.on('message', (job: InterestJob) => {
  try {
    const outcome = refreshInterest(db, new Date(job.now), { force: job.force });
    parentPort!.postMessage({ id: job.id, outcome });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});
