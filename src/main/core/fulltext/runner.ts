import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../logger';
import { DEFAULT_LIMITS, expandsTooMuch, type ExtractLimits, type ExtractResult } from './extract';
import { guardMemory, type MemoryGuard } from './memory-guard';
import type { ExtractJob } from './worker';

/** Reads the text of one PDF file somewhere other than the calling process. */
export interface TextExtractor {
  extract(file: string): Promise<ExtractResult & { pid?: number }>;
  close(): Promise<void>;
}

export interface ChildExtractorOptions {
  /** Give up on one file after this long (a hostile file must not stall the queue). */
  timeoutMs?: number;
  /** The most resident memory the extraction process may hold; it is killed past it. */
  memoryMb?: number;
  /** Its young generation (V8's default is small for pdf.js's many short-lived arrays). */
  youngMb?: number;
  /** Let the process go when it has had no work for this long. */
  idleMs?: number;
  limits?: ExtractLimits;
  logger?: Logger;
}

export const DEFAULT_TEXT_MEMORY_MB = 768;

/**
 * Text extraction in a child process (`script` is the built fulltext-worker.js): one file at a
 * time, each with a timeout, and the process under a hard memory limit (memory-guard.ts) that
 * holds for everything it allocates, ArrayBuffers and zlib's buffers included, which a worker
 * thread's heap limit did not. A timeout, the limit or a crash kills the process and fails that
 * file only, with the reason; the next file gets a fresh process. In Electron, fork() runs the
 * script with Electron's own Node.
 */
export function childExtractor(script: string, opts: ChildExtractorOptions = {}): TextExtractor {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const memoryMb = opts.memoryMb ?? DEFAULT_TEXT_MEMORY_MB;
  const youngMb = opts.youngMb ?? 48;
  const idleMs = opts.idleMs ?? 30_000;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  let child: { proc: ChildProcess; guard: MemoryGuard | null; stderr: string } | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  let closed = false;

  const start = () => {
    const proc = fork(script, [], {
      // V8's heap limit above the process's: the guard's kill, with its clear reason, comes first.
      execArgv: [`--max-old-space-size=${memoryMb + 256}`, `--max-semi-space-size=${Math.max(1, Math.round(youngMb / 3))}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    const c = { proc, guard: proc.pid ? guardMemory(proc.pid, memoryMb * 1048576) : null, stderr: '' };
    proc.stderr!.on('data', (d: Buffer) => (c.stderr = (c.stderr + d.toString('utf8')).slice(-2000)));
    proc.on('exit', () => c.guard?.stop());
    proc.on('error', () => {});
    return c;
  };

  const stop = () => {
    const c = child;
    child = null;
    if (!c) return;
    c.guard?.stop();
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  };

  return {
    extract: (file) =>
      new Promise((resolve) => {
        if (closed) return resolve({ ok: false, code: 'FAILED', message: 'Lectern is closing.' });
        if (idleTimer) clearTimeout(idleTimer);
        const c = (child ??= start());
        const id = nextId++;
        let settled = false;
        let killedFor: number | null = null;
        const finish = (r: ExtractResult & { pid?: number }, kill: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          c.proc.off('message', onMessage);
          c.proc.off('exit', onExit);
          if (kill && child === c) stop();
          if (!closed && child) {
            idleTimer = setTimeout(stop, idleMs);
            idleTimer.unref();
          }
          resolve(r);
        };
        const onMessage = (m: { id: number; pid: number; result: ExtractResult }) => {
          if (m.id === id) finish({ ...m.result, pid: m.pid }, false);
        };
        const onExit = async (code: number | null, signal: NodeJS.Signals | null) => {
          if (child === c) child = null;
          // The guard's word that it killed the process may come a moment after the exit itself.
          if (signal === 'SIGKILL' && c.guard && killedFor === null) await Promise.race([c.guard.killed, new Promise((r) => setTimeout(r, 500))]);
          if (killedFor !== null || /heap out of memory|Allocation failed/i.test(c.stderr)) {
            return finish(expandsTooMuch(memoryMb, ' of memory when read'), false);
          }
          opts.logger?.warn(`text extraction process ended on ${file} (${signal ?? `exit ${code}`}): ${c.stderr.trim().slice(-500)}`);
          finish({ ok: false, code: 'CRASHED', message: `Reading the text stopped unexpectedly (${signal ?? `exit ${code}`}).` }, false);
        };
        void c.guard?.killed.then((rss) => {
          killedFor = rss;
          opts.logger?.warn(`text extraction of ${file} passed ${memoryMb} MB (${Math.round(rss / 1048576)} MB resident); stopped`);
        });
        const timer = setTimeout(
          () => finish({ ok: false, code: 'TIMEOUT', message: `Reading the text took longer than ${Math.round(timeoutMs / 1000)} s; gave up.` }, true),
          timeoutMs,
        );
        c.proc.on('message', onMessage);
        c.proc.on('exit', onExit);
        try {
          c.proc.send({ id, file, limits } satisfies ExtractJob);
        } catch (e) {
          finish({ ok: false, code: 'CRASHED', message: `The text extraction process could not be reached: ${(e as Error).message}` }, true);
        }
      }),
    close: async () => {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      stop();
    },
  };
}
