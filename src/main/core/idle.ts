import type { Handlers } from '../../shared/contract';
import type { Logger } from './logger';

/**
 * Work that makes a likely next request faster, run once no request has come for `quietMs`: a
 * user has stopped typing, scrolling or clicking. A newer task replaces one still waiting. Off
 * (a no-op) in short-lived hosts such as the CLI.
 */
export function idleRunner(enabled: boolean, quietMs: number, logger: Logger) {
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  let task: (() => void) | null = null;
  let closed = false;
  const arm = (ms: number) => {
    timer = setTimeout(fire, ms);
  };
  const fire = () => {
    timer = null;
    const wait = last + quietMs - Date.now();
    if (wait > 0) return arm(wait); // a request came meanwhile: wait for the quiet again
    const run = task;
    task = null;
    if (closed || !run) return;
    try {
      run();
    } catch (e) {
      logger.error('idle work failed', e);
    }
  };
  return {
    whenIdle(next: () => void): void {
      if (!enabled || closed) return;
      task = next;
      last = Date.now();
      if (!timer) arm(quietMs);
    },
    /** The same handlers, each call noted as activity. */
    watch(handlers: Handlers): Handlers {
      const out = {} as Record<string, (input: unknown) => unknown>;
      for (const [name, h] of Object.entries(handlers) as [string, (input: unknown) => unknown][]) {
        out[name] = (input) => {
          last = Date.now();
          return h(input);
        };
      }
      return out as Handlers;
    },
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
