import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { LecternError, type WireError } from '../../../shared/errors';
import type { LibraryQuery } from '../../../shared/query';
import type { Logger } from '../logger';
import { facetCounts, type Facets } from './facets';

export interface FacetService {
  count(query: Partial<LibraryQuery>, now: Date, digestLimit: number): Promise<Facets>;
  close(): void;
}

/** In this thread: for the CLI and tests, where nothing else is waiting. */
export function inlineFacets(db: Database): FacetService {
  return { count: (q, now, limit) => facetCounts(db, q, now, limit), close: () => {} };
}

/**
 * In a worker thread with its own connection, one job at a time. A request that arrives while
 * another waits replaces it (the one replaced is answered with CONFLICT): the UI only wants the
 * counts for what it shows now. If the worker cannot start, counting falls back to this thread.
 */
export function workerFacets(db: Database, workerFile: string, dbFile: string, nativeBinding: string | undefined, logger: Logger): FacetService {
  if (!fs.existsSync(workerFile)) return inlineFacets(db);
  let worker: Worker | null = null;
  let nextId = 0;
  let running: { id: number; resolve: (f: Facets) => void; reject: (e: Error) => void } | null = null;
  let waiting: { query: Partial<LibraryQuery>; now: Date; limit: number; resolve: (f: Facets) => void; reject: (e: Error) => void } | null = null;
  let broken = false;

  const start = (): Worker => {
    const w = new Worker(workerFile, { workerData: { dbFile, nativeBinding } });
    w.unref();
    w.on('message', (m: { id: number; facets?: Facets; error?: WireError }) => {
      const job = running;
      if (!job || job.id !== m.id) return;
      running = null;
      if (m.error) job.reject(LecternError.fromWire(m.error));
      else job.resolve(m.facets!);
      pump();
    });
    w.on('error', (e) => {
      logger.error('the facet worker failed; counting in the main thread from now on', e);
      broken = true;
      worker = null;
      const job = running;
      running = null;
      if (job) job.reject(new LecternError('INTERNAL', `Counting facets failed: ${e.message}`));
      pump();
    });
    return w;
  };

  const pump = () => {
    if (running || !waiting) return;
    const job = waiting;
    waiting = null;
    if (broken) {
      facetCounts(db, job.query, job.now, job.limit).then(job.resolve, job.reject);
      return;
    }
    worker ??= start();
    const id = ++nextId;
    running = { id, resolve: job.resolve, reject: job.reject };
    worker.postMessage({ id, query: job.query, now: job.now.toISOString(), digestLimit: job.limit });
  };

  return {
    count: (query, now, limit) =>
      new Promise<Facets>((resolve, reject) => {
        waiting?.reject(new LecternError('CONFLICT', 'A newer request for facet counts replaced this one.'));
        waiting = { query, now, limit, resolve, reject };
        pump();
      }),
    close: () => {
      waiting?.reject(new LecternError('CONFLICT', 'The library was closed.'));
      waiting = null;
      void worker?.terminate();
      worker = null;
    },
  };
}
