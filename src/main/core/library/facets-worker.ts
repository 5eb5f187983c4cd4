/**
 * The facet counts, in a worker thread with its own read-only connection: at a million papers a
 * count over the library takes a second, and the main thread (the table, the quick search) must
 * not wait for it. Built to out/main/facets-worker.js; the host passes that path in CoreDeps.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { isLecternError } from '../../../shared/errors';
import { facetCounts } from './facets';

interface Job {
  id: number;
  query: Record<string, unknown>;
  now: string;
  digestLimit: number;
}

const data = workerData as { dbFile: string; nativeBinding?: string };
const db = new BetterSqlite3(data.dbFile, { readonly: true, fileMustExist: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}) });
db.pragma('busy_timeout = 10000');
db.pragma('temp_store = MEMORY');
db.pragma('cache_size = -32768');

parentPort!.on('message', (job: Job) => {
  facetCounts(db, job.query, new Date(job.now), job.digestLimit)
    .then((facets) => parentPort!.postMessage({ id: job.id, facets }))
    .catch((e: unknown) =>
      parentPort!.postMessage({
        id: job.id,
        error: isLecternError(e) ? e.toWire() : { code: 'INTERNAL', message: `Counting facets failed: ${e instanceof Error ? e.message : String(e)}` },
      }),
    );
});
