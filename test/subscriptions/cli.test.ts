import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lecternAsync } from '../helpers/cli';
import { startFeedsServer, type FeedsServer } from '../helpers/feeds-server';
import { tempDir } from '../helpers/paths';

// The built command runs on the real clock: the server's days are yesterday and the day before.
const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

let feeds: FeedsServer;
beforeAll(async () => {
  feeds = await startFeedsServer({ days: { [day(2)]: 'hfapi-daily_papers-2025-01-21.json', [day(1)]: 'hfapi-daily_papers-2026-01-02.json' } });
});
afterAll(() => feeds.close());

const run = (lib: string, args: string[]) => lecternAsync(['--library', lib, ...args], { env: feeds.env });

describe('lectern subscribe / subscriptions', () => {
  it('subscribe, fetch one line per source, exit 1 when one failed, list, remove', { timeout: 180_000 }, async () => {
    const lib = tempDir();
    expect((await run(lib, ['subscribe', 'hf-daily', '--max', '2'])).stdout).toContain('Subscribed: #1 HF Daily Papers — at most 2 a day by upvotes — not fetched yet');
    expect((await run(lib, ['subscribe', 'arxiv', 'cs.AI'])).status).toBe(0);
    const bad = await run(lib, ['subscribe', 'arxiv', 'cs.CL', '--min-upvotes', '3']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--min-upvotes applies to HF Daily Papers only');
    expect((await run(lib, ['subscribe', 'hf-daily'])).stderr).toContain('already subscribed to this source, as #1');

    const f = await run(lib, ['subscriptions', 'fetch', '--since', day(2)]);
    expect(f.status, f.stderr).toBe(0);
    const lines = f.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    // The sources are asked at once: the digests' ids interleave.
    const ids = (line: string) => line.replace(/digest #\d+/g, 'digest #N');
    expect(ids(lines[0]!)).toBe(
      `#1 HF Daily Papers (2 days, ${day(2)} to ${day(1)}): 4 found, 3 new, 0 already in the library, 1 filtered out; ` +
        `digest #N “HF Daily Papers ${day(2)}” (1), digest #N “HF Daily Papers ${day(1)}” (2)`,
    );
    expect(ids(lines[1]!)).toBe('#2 arXiv cs.AI (2026-04-27): 3 found, 3 new, 0 already in the library, 0 filtered out; digest #N “arXiv cs.AI 2026-04-27” (3)');

    feeds.fault('/rss/', { kind: 'status', status: 503 });
    try {
      const failed = await run(lib, ['subscriptions', 'fetch']);
      expect(failed.status).toBe(1);
      expect(failed.stdout).toContain('#1 HF Daily Papers (no new day yet): 0 found, 0 new');
      expect(failed.stdout).toMatch(/#2 arXiv cs\.AI: FAILED — arXiv answered 503 \(service unavailable\)/);
      expect(failed.stderr).toContain('1 source failed; the others were fetched.');
    } finally {
      feeds.clearFaults();
    }
    const list = JSON.parse((await run(lib, ['subscriptions', 'list', '--json'])).stdout);
    expect(list.subscriptions.map((s: { name: string; lastError: string | null }) => [s.name, !!s.lastError])).toEqual([['HF Daily Papers', false], ['arXiv cs.AI', true]]);
    expect((await run(lib, ['subscriptions', 'list'])).stdout).toMatch(/#2 arXiv cs\.AI — no filters — FAILING \(1×\): arXiv answered 503/);

    expect((await run(lib, ['subscriptions', 'remove', '2'])).stdout).toBe('Unsubscribed from #2 arXiv cs.AI; its digests stay in the library.\n');
    const papers = JSON.parse((await run(lib, ['list', '--json'])).stdout);
    expect(papers).toHaveLength(6);
  });
});
