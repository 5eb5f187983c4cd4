import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { ImportPreview } from '../../../shared/contract';
import { LecternError, type WireError } from '../../../shared/errors';
import { MAX_IMPORT_BYTES } from '../../../shared/methods/import';
import type { Logger } from '../logger';
import { importWalk, type CommitRequest, type ImportOutcome, type ImportText } from './import-walk';

/** The import walk as the handlers see it: in this thread, or in the import worker. */
export interface ImportService {
  preview(input: ImportText, now: Date): Promise<ImportPreview>;
  commit(input: CommitRequest, now: Date): Promise<ImportOutcome>;
  close(): void;
}

/** In this thread: the CLI and tests, where nothing else waits for the event loop. */
export function inlineImports(db: Database): ImportService {
  const walk = importWalk(db, MAX_IMPORT_BYTES);
  return {
    preview: async (input, now) => walk.preview(input, now),
    commit: async (input, now) => walk.commit(input, now),
    close: () => {},
  };
}

/** An error as it crosses from the worker: ours as they were, SQLite's with their code. */
export type WorkerError = { wire: WireError } | { message: string; code?: string };

export function rebuildError(e: WorkerError): Error {
  if ('wire' in e) return LecternError.fromWire(e.wire);
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

/**
 * In a worker thread with its own connection to the library, so parsing a large paste, matching
 * it and writing it never stall the server's other clients (a 13 MB paste held the event loop
 * for 6.5 s). Jobs run one at a time, in order; the kept plans live in the worker. If the worker
 * cannot start, imports run in this thread.
 */
export function workerImports(db: Database, workerFile: string, dbDir: string, nativeBinding: string | undefined, logger: Logger): ImportService {
  if (!fs.existsSync(workerFile)) return inlineImports(db);
  let worker: Worker | null = null;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();

  const start = (): Worker => {
    const w = new Worker(workerFile, { workerData: { dbDir, nativeBinding } });
    w.unref();
    w.on('message', (m: { id: number; value?: unknown; error?: WorkerError }) => {
      const job = waiting.get(m.id);
      if (!job) return;
      waiting.delete(m.id);
      if (m.error) job.reject(rebuildError(m.error));
      else job.resolve(m.value as never);
    });
    const fail = (why: string) => {
      worker = null;
      for (const job of waiting.values()) job.reject(new LecternError('INTERNAL', `The import stopped: ${why}. Nothing was imported; try again.`));
      waiting.clear();
    };
    w.on('error', (e) => {
      logger.error('the import worker failed', e);
      fail(e.message);
    });
    w.on('exit', (code) => code !== 0 && fail(`the import thread ended (code ${code})`));
    return w;
  };

  const run = <T>(op: 'preview' | 'commit', input: unknown, now: Date): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      worker ??= start();
      const id = ++nextId;
      waiting.set(id, { resolve: resolve as (v: never) => void, reject });
      worker.postMessage({ id, op, input, now: now.toISOString() });
    });

  return {
    preview: (input, now) => run('preview', input, now),
    commit: (input, now) => run('commit', input, now),
    close: () => {
      void worker?.terminate();
      worker = null;
    },
  };
}
