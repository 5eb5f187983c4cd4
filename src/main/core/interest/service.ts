import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import type { ParsedEntry } from '../../../shared/parsed';
import { readRevision } from '../db/revision';
import type { Logger } from '../logger';
import { loadModel, modelRow, refreshInterest, scoreTexts, type RefreshOutcome } from './update';
import type { InterestModel } from './model';

export interface InterestService {
  /** The signals or the papers may have changed: bring the scores up to date in the background. */
  wake(): void;
  /** Bring them up to date now (and train again even if nothing changed, with `force`). */
  refresh(force?: boolean): Promise<RefreshOutcome>;
  /** Interest of entries not in the library yet, with the current model; null without one. */
  scoreEntries(entries: ParsedEntry[]): (number | null)[] | null;
  close(): void;
}

export interface InterestDeps {
  db: Database;
  dbFile: string;
  nativeBinding?: string;
  /** The built interest thread (out/main/interest-worker.js); without it the work runs in this thread. */
  workerFile?: string;
  now: () => Date;
  logger: Logger;
  /** Watch the library and keep the scores current by itself (the app, `lectern serve`). */
  background: boolean;
  /** How often the library is checked for changes. */
  pollMs?: number;
}

/**
 * The interest model's host: jobs go to the worker thread one at a time (a request while one
 * runs is folded into one more run after it); in the background it watches the library's
 * revision and wakes when anything changed. Where no worker can run (tests, a missing file) the
 * same work runs in this thread.
 */
export function createInterest(d: InterestDeps): InterestService {
  let worker: Worker | null = null;
  let broken = !d.workerFile || !fs.existsSync(d.workerFile);
  let nextId = 0;
  let running: Promise<RefreshOutcome> | null = null;
  let again: { force: boolean } | null = null;
  let closed = false;
  const waiting = new Map<number, { resolve: (o: RefreshOutcome) => void; reject: (e: Error) => void }>();

  const start = (): Worker => {
    const w = new Worker(d.workerFile!, { workerData: { dbFile: d.dbFile, nativeBinding: d.nativeBinding } });
    w.unref();
    w.on('message', (m: { id: number; outcome?: RefreshOutcome; error?: string }) => {
      const job = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error) job?.reject(new LecternError('INTERNAL', `The interest model failed: ${m.error}`));
      else job?.resolve(m.outcome!);
    });
    w.on('error', (e) => {
      d.logger.error('the interest thread failed; scoring in the main thread from now on', e);
      broken = true;
      worker = null;
      for (const job of waiting.values()) job.reject(new LecternError('INTERNAL', `The interest model failed: ${e.message}`));
      waiting.clear();
    });
    return w;
  };

  const runOnce = (force: boolean): Promise<RefreshOutcome> => {
    if (broken) return new Promise((resolve, reject) => setImmediate(() => { try { resolve(refreshInterest(d.db, d.now(), { force })); } catch (e) { reject(e as Error); } }));
    worker ??= start();
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker!.postMessage({ id, force, now: d.now().toISOString() });
    });
  };

  const refresh = async (force = false): Promise<RefreshOutcome> => {
    if (running) {
      again = { force: force || !!again?.force };
      await running.catch(() => {});
      if (running) return running; // someone else started the run asked for
    }
    const job = again ?? { force };
    again = null;
    running = runOnce(job.force || force);
    try {
      return await running;
    } finally {
      running = null;
    }
  };

  let cached: { key: string; model: InterestModel | null } | null = null;
  let lastRevision = -1;
  const timer = d.background
    ? setInterval(() => {
        try {
          // Scores written bump the revision too: the next check then finds nothing to do, cheaply.
          const rev = readRevision(d.db);
          if (rev !== lastRevision && !running && !closed) {
            lastRevision = rev;
            void refresh().catch((e: unknown) => d.logger.error('interest: updating the scores failed', e));
          }
        } catch (e) {
          d.logger.error('interest: watching the library failed', e);
        }
      }, d.pollMs ?? 2000)
    : null;
  timer?.unref();

  return {
    wake: () => {
      if (d.background && !closed) void refresh().catch((e: unknown) => d.logger.error('interest: updating the scores failed', e));
    },
    refresh,
    scoreEntries: (entries) => {
      const row = modelRow(d.db);
      const key = row ? `${row.trained_at}|${row.signature}` : '';
      if (cached?.key !== key) cached = { key, model: row ? loadModel(d.db) : null };
      return scoreTexts(
        cached.model,
        entries.map((e) => ({ title: e.title, abstract: e.abstract ?? null, authors: e.authors ? JSON.stringify(e.authors) : null, categories: e.categories ? JSON.stringify(e.categories) : null })),
      );
    },
    close: () => {
      closed = true;
      if (timer) clearInterval(timer);
      void worker?.terminate();
      worker = null;
    },
  };
}
