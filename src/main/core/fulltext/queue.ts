import type { Database } from 'better-sqlite3';
import fs from 'node:fs';
import { filesNeedingText, pdfFileOf } from '../files/pdf-file';
import { readRevision } from '../db/revision';
import type { Logger } from '../logger';
import type { TextExtractor } from './runner';
import { saveText, saveTextFailure } from './store';

export interface TextQueue {
  /** Start catching up in the background (background hosts only). */
  schedule(): void;
  /** Extract everything pending now, and resolve when done (the CLI, tests). */
  drain(): Promise<{ done: number; failed: number }>;
  running(): boolean;
  close(): Promise<void>;
}

interface QueueDeps {
  db: Database;
  dataDir: string;
  now: () => Date;
  logger: Logger;
  extractor: TextExtractor | null;
  /** Run by itself: at start, after schedule(), and when another process changed the library. */
  background: boolean;
  /** How often to look at the library's revision for changes made elsewhere. */
  pollMs?: number;
}

/**
 * Full-text extraction, one file at a time, off the main thread. What is pending is derived from
 * the database (a file whose hash has no text yet), so the queue survives restarts and picks up
 * files that another process (a CLI import, a download) added.
 */
export function createTextQueue(deps: QueueDeps): TextQueue {
  const { db, dataDir, logger, extractor } = deps;
  let active: Promise<{ done: number; failed: number }> | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  let closed = false;
  // The pending query scans the files; the revision (one row) says whether anything changed at all.
  let seenRevision = -1;

  const one = async (paperId: number, sha: string): Promise<'done' | 'failed' | 'skipped'> => {
    const now = () => deps.now().toISOString();
    let file: string;
    try {
      const f = pdfFileOf(db, dataDir, paperId);
      if (!f || f.sha256 !== sha) return 'skipped';
      if (!fs.existsSync(f.path)) {
        saveTextFailure(db, paperId, sha, `The PDF file is missing from the library folder (${f.relPath}).`, now());
        return 'failed';
      }
      file = f.path;
    } catch (e) {
      saveTextFailure(db, paperId, sha, (e as Error).message, now());
      return 'failed';
    }
    const r = await extractor!.extract(file);
    if (closed) return 'skipped';
    if (r.ok) {
      saveText(db, paperId, sha, r.pages, now());
      return 'done';
    }
    logger.warn(`text of paper #${paperId} not extracted: ${r.message}`);
    saveTextFailure(db, paperId, sha, r.message, now());
    return 'failed';
  };

  const loop = async () => {
    seenRevision = readRevision(db);
    let done = 0;
    let failed = 0;
    const skipped: number[] = [];
    while (!closed) {
      const next = filesNeedingText(db, 1, skipped)[0];
      if (!next) break;
      const outcome = await one(next.paperId, next.sha256);
      if (outcome === 'done') done++;
      else if (outcome === 'failed') failed++;
      else skipped.push(next.paperId);
    }
    return { done, failed };
  };

  const start = () => {
    if (!active) {
      active = loop()
        .catch((e) => {
          logger.error('text extraction failed', e);
          return { done: 0, failed: 0 };
        })
        .finally(() => {
          active = null;
          if (deps.background && !closed) poll();
        });
    }
    return active;
  };

  const poll = () => {
    pollTimer = setTimeout(() => {
      pollTimer = null;
      if (closed) return;
      try {
        if (readRevision(db) !== seenRevision) return void start();
      } catch (e) {
        logger.error('text extraction could not read the library', e);
      }
      poll();
    }, deps.pollMs ?? 3000);
    pollTimer.unref();
  };

  const queue: TextQueue = {
    schedule: () => {
      if (!deps.background || !extractor || closed) return;
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = null;
      void start();
    },
    drain: async () => {
      if (!extractor) return { done: 0, failed: 0 };
      let total = { done: 0, failed: 0 };
      // A background run may be under way: wait for it, then run once more for what it missed.
      for (let i = 0; i < 2 && !closed; i++) {
        const r = await start();
        total = { done: total.done + r.done, failed: total.failed + r.failed };
      }
      return total;
    },
    running: () => active !== null,
    close: async () => {
      closed = true;
      if (pollTimer) clearTimeout(pollTimer);
      await extractor?.close();
    },
  };
  return queue;
}
