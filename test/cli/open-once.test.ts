import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ROOT, SEED_DIGEST, tempDir } from '../helpers/paths';

// Issue 13, the import walk: the CLI opened the library twice per command (the start-up check,
// then the command's core). Counted where every connection to the library is made.
const opens = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/main/core/db/open', async (original) => {
  const real = await original<typeof import('../../src/main/core/db/open')>();
  return { ...real, openDatabase: (...args: Parameters<typeof real.openDatabase>) => (opens.count++, real.openDatabase(...args)) };
});
const { runCli } = await import('../../src/main/cli/main');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (s: string) => out.push(s),
      stderr: (s: string) => err.push(s),
      write: () => {},
      isTTY: false,
      columns: 80,
      readStdin: async () => new Uint8Array(),
      env: {},
      rendererDir: path.join(ROOT, 'out', 'renderer'),
      resourcesDir: path.join(ROOT, 'resources'),
      untilStopped: async () => {},
    },
  };
}

describe('one open of the library per command', () => {
  it('import, list and search each open the library once, and the new papers are searchable at exit', async () => {
    const library = tempDir();
    for (const [args, expected] of [
      [['import', SEED_DIGEST], /29 new/],
      [['list', '--limit', '1'], /29 papers, 1 shown/],
      [['list', '--search', 'radiology'], /Insights into a radiology/],
    ] as const) {
      opens.count = 0;
      const t = io();
      expect(await runCli(['--library', library, ...args], t.io), t.err.join('\n')).toBe(0);
      expect(t.out.join('\n')).toMatch(expected);
      expect(opens.count, args.join(' ')).toBe(1);
    }
  });
});
