import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import { DEFAULT_LIMITS, type ExtractLimits, type ExtractResult } from './extract';
import type { ExtractJob } from './worker';

/** Reads the text of one PDF file somewhere other than the calling thread. */
export interface TextExtractor {
  extract(file: string): Promise<ExtractResult & { threadId?: number }>;
  close(): Promise<void>;
}

export interface WorkerExtractorOptions {
  /** Give up on one file after this long (a hostile file must not stall the queue). */
  timeoutMs?: number;
  /** The thread's heap limit; a file that needs more fails alone. */
  memoryMb?: number;
  /** The thread's young generation (V8's default for a worker is small for pdf.js's many short-lived arrays). */
  youngMb?: number;
  /** Let the thread go when it has had no work for this long. */
  idleMs?: number;
  limits?: ExtractLimits;
  logger?: Logger;
}

/**
 * Text extraction in a worker thread (`script` is the built fulltext-worker.js): one file at a
 * time, each with a timeout and the thread under a heap limit. A timeout or a crash kills the
 * thread and fails that file only; the next file gets a fresh thread.
 */
export function workerExtractor(script: string, opts: WorkerExtractorOptions = {}): TextExtractor {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const memoryMb = opts.memoryMb ?? 768;
  const youngMb = opts.youngMb ?? 48;
  const idleMs = opts.idleMs ?? 30_000;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  let closed = false;

  const stop = async () => {
    const w = worker;
    worker = null;
    if (w) await w.terminate();
  };

  return {
    extract: (file) =>
      new Promise((resolve) => {
        if (closed) return resolve({ ok: false, code: 'FAILED', message: 'Lectern is closing.' });
        if (idleTimer) clearTimeout(idleTimer);
        const w = (worker ??= new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(youngMb, memoryMb / 4) } }));
        const id = nextId++;
        let settled = false;
        const finish = (r: ExtractResult & { threadId?: number }, kill: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          w.off('message', onMessage);
          w.off('error', onError);
          w.off('exit', onExit);
          if (kill && worker === w) void stop();
          if (!closed && worker) {
            idleTimer = setTimeout(() => void stop(), idleMs);
            idleTimer.unref();
          }
          resolve(r);
        };
        const onMessage = (m: { id: number; threadId: number; result: ExtractResult }) => {
          if (m.id === id) finish({ ...m.result, threadId: m.threadId }, false);
        };
        const onError = (e: Error) => {
          opts.logger?.warn(`text extraction thread failed on ${file}`, e);
          const oom = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
          finish({ ok: false, code: 'CRASHED', message: oom ? `Reading the text needed more than ${memoryMb} MB of memory; gave up.` : `Reading the text failed: ${e.message}` }, true);
        };
        const onExit = (code: number) => {
          if (worker === w) worker = null;
          finish({ ok: false, code: 'CRASHED', message: `Reading the text stopped unexpectedly (exit ${code}).` }, false);
        };
        const timer = setTimeout(
          () => finish({ ok: false, code: 'TIMEOUT', message: `Reading the text took longer than ${Math.round(timeoutMs / 1000)} s; gave up.` }, true),
          timeoutMs,
        );
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        w.postMessage({ id, file, limits } satisfies ExtractJob);
      }),
    close: async () => {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      await stop();
    },
  };
}
