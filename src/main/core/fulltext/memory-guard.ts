import fs from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * A hard memory limit on a child process: a thread of this process reads the child's resident
 * memory from /proc every few milliseconds and kills it (SIGKILL) the moment it passes the
 * limit. RLIMIT_AS does not suit V8, which reserves far more address space than it uses, and a
 * cgroup is rarely writable by a user; this bound is measured instead (test/crash/pdf-bombs):
 * between two samples a process fills at most a few tens of MB.
 *
 * The sampling runs on its own thread so that a busy main thread (a long query in the server)
 * cannot delay the kill. Linux only: elsewhere `start` returns null and the child keeps only its
 * V8 heap limit and the stream limit (fulltext/inflate.ts).
 */
export interface MemoryGuard {
  /** Resolves with the resident size that passed the limit, once the child was killed for it. */
  readonly killed: Promise<number>;
  /** The highest resident size seen. */
  peak(): number;
  stop(): void;
}

const SAMPLER = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { pid, limit, everyMs } = workerData;
let peak = 0;
const timer = setInterval(() => {
  let status;
  try {
    status = fs.readFileSync('/proc/' + pid + '/status', 'latin1');
  } catch {
    clearInterval(timer); // the process is gone
    return;
  }
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  if (rss > peak) {
    peak = rss;
    parentPort.postMessage({ peak });
  }
  if (rss > limit) {
    try { process.kill(pid, 'SIGKILL'); } catch {}
    clearInterval(timer);
    parentPort.postMessage({ killed: rss });
  }
}, everyMs);
parentPort.on('message', () => { clearInterval(timer); parentPort.close(); });
`;

export function canGuardMemory(): boolean {
  return process.platform === 'linux' && fs.existsSync(`/proc/${process.pid}/status`);
}

export function guardMemory(pid: number, limitBytes: number, everyMs = 5): MemoryGuard | null {
  if (!canGuardMemory()) return null;
  const thread = new Worker(SAMPLER, { eval: true, workerData: { pid, limit: limitBytes, everyMs }, resourceLimits: { maxOldGenerationSizeMb: 16 } });
  thread.unref();
  let peak = 0;
  let onKill: (rss: number) => void = () => {};
  const killed = new Promise<number>((resolve) => (onKill = resolve));
  thread.on('message', (m: { peak?: number; killed?: number }) => {
    if (m.peak) peak = m.peak;
    if (m.killed) onKill(m.killed);
  });
  thread.on('error', () => {});
  return {
    killed,
    peak: () => peak,
    stop: () => {
      thread.postMessage('stop');
      void thread.terminate();
    },
  };
}
