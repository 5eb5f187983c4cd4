import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { BIN } from './cli';

const PAGE = 4096;

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The resident memory of a process and all its descendants, in bytes (Linux /proc). */
export function treeRss(pid: number): number {
  let total = 0;
  for (const stack = [pid]; stack.length; ) {
    const p = stack.pop()!;
    try {
      total += Number(fs.readFileSync(`/proc/${p}/statm`, 'latin1').split(' ')[1]) * PAGE;
    } catch {
      continue; // gone meanwhile
    }
    stack.push(...childrenOf(p));
  }
  return total;
}

export interface MeasuredRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The highest sum of the resident memory of the command and its children, sampled every 5 ms. */
  peakRss: number;
  ms: number;
}

/** Runs the built `lectern` command and measures the peak memory of its process tree. */
export function lecternMeasured(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; bin?: string } = {}): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], { env: { ...process.env, LECTERN_LIBRARY: '', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const sample = setInterval(() => (peakRss = Math.max(peakRss, treeRss(child.pid!))), 5);
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('exit', (status, signal) => {
      clearInterval(sample);
      clearTimeout(killer);
      resolve({ status, signal, stdout, stderr, peakRss, ms: performance.now() - t0 });
    });
  });
}

export const mb = (bytes: number) => Math.round(bytes / 1048576);
