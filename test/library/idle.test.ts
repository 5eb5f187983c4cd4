import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../src/shared/contract';
import { idleRunner } from '../../src/main/core/idle';
import { silentLogger } from '../../src/main/core/logger';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('work when idle', () => {
  it('waits until no request has come for the quiet time, runs only the newest task, once', async () => {
    const idle = idleRunner(true, 60, silentLogger);
    const handlers = idle.watch({ revision: () => ({ revision: 1, indexing: false }) } as unknown as Handlers);
    const ran: string[] = [];
    idle.whenIdle(() => ran.push('first'));
    idle.whenIdle(() => ran.push('second'));
    // Requests every 20 ms for 200 ms: never quiet for 60 ms.
    for (let i = 0; i < 10; i++) {
      await sleep(20);
      (handlers.revision as (i: unknown) => unknown)({});
    }
    expect(ran).toEqual([]);
    await sleep(150);
    expect(ran).toEqual(['second']);
    await sleep(100);
    expect(ran).toEqual(['second']);
    idle.close();
  });

  it('does nothing in a short-lived host, or once closed', async () => {
    const ran: string[] = [];
    const off = idleRunner(false, 10, silentLogger);
    off.whenIdle(() => ran.push('off'));
    const closed = idleRunner(true, 10, silentLogger);
    closed.whenIdle(() => ran.push('closed'));
    closed.close();
    await sleep(60);
    expect(ran).toEqual([]);
  });
});
