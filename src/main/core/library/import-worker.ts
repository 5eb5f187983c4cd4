/**
 * The import walk (parse, plan, commit) in a worker thread with its own connection, so the
 * server's and the app's main thread keeps answering while a large digest is read and written.
 * Built to out/main/import-worker.js; the host passes that path in CoreDeps.importWorkerFile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isLecternError } from '../../../shared/errors';
import { MAX_IMPORT_BYTES } from '../../../shared/methods/import';
import { openDatabase } from '../db/open';
import { importWalk } from './import-walk';
import type { WorkerError } from './import-service';

const data = workerData as { dbDir: string; nativeBinding?: string };
// The main connection has checked and migrated the library already.
const db = openDatabase(data.dbDir, { nativeBinding: data.nativeBinding, noMigrate: true });
db.pragma('temp_store = MEMORY');
const walk = importWalk(db, MAX_IMPORT_BYTES);

parentPort!.on('message', (job: { id: number; op: 'preview' | 'commit'; input: never; now: string }) => {
  try {
    const value = job.op === 'preview' ? walk.preview(job.input, new Date(job.now)) : walk.commit(job.input, new Date(job.now));
    parentPort!.postMessage({ id: job.id, value });
  } catch (e) {
    const error: WorkerError = isLecternError(e) ? { wire: e.toWire() } : { message: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code };
    parentPort!.postMessage({ id: job.id, error });
  }
});
