import { spawn } from 'node:child_process';

export interface KillOutcome {
  killed: boolean;
  code: number | null;
  ms: number;
  stderr: string;
}

/**
 * Runs a command and SIGKILLs it (a crash, a power cut for the process) as soon as `killNow`
 * says so; it is asked every two milliseconds or so, with the time since the start and what the
 * command wrote to stderr so far.
 */
export function runAndKill(cmd: string, args: string[], killNow: (elapsedMs: number, stderr: string) => boolean, env: NodeJS.ProcessEnv = process.env): Promise<KillOutcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    const timer = setInterval(() => {
      if (killNow(performance.now() - started, stderr)) {
        clearInterval(timer);
        child.kill('SIGKILL');
      }
    }, 2);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolve({ killed: signal === 'SIGKILL', code, ms: performance.now() - started, stderr });
    });
  });
}

export const after = (ms: number) => (elapsed: number) => elapsed >= ms;
export const never = () => false;

/** A small seeded generator, so a failing run can be repeated with LECTERN_CRASH_SEED. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
