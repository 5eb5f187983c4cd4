import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedsServer, type FeedsServer } from '../helpers/feeds-server';
import { testCore } from '../helpers/core';

let feeds: FeedsServer;
beforeAll(async () => {
  feeds = await startFeedsServer({
    // "Now" in these tests is 2026-11-25 12:00 UTC: yesterday is the 24th.
    days: {
      '2026-11-21': 'hfapi-daily_papers-2024-05-27.json',
      '2026-11-22': null, // a day without papers (a weekend)
      '2026-11-23': 'hfapi-daily_papers-2025-01-21.json',
      '2026-11-24': 'hfapi-daily_papers-2026-01-02.json',
    },
  });
});
afterAll(() => feeds.close());

const NOW = '2026-11-25T12:00:00Z';
const core = () => testCore(NOW, undefined, { env: feeds.env });
const since = (n: number) => feeds.requests.slice(n);

describe('subscriptions against the local HF API and arXiv RSS', () => {
  it('subscribe, fetch: one digest per day with the right papers; a second fetch adds nothing and asks conditionally', async () => {
    const { api, core: c } = core();
    const hf = await api.addSubscription({ kind: 'hf-daily' });
    const ax = await api.addSubscription({ kind: 'arxiv', target: 'cs.AI' });
    expect(hf.name).toBe('HF Daily Papers');
    expect(ax.name).toBe('arXiv cs.AI');

    const first = feeds.requests.length;
    const r1 = (await api.fetchSubscriptions({})).outcomes;
    const [o1, o2] = r1;
    // A new HF subscription starts with yesterday, a whole day.
    expect(o1).toMatchObject({ ok: true, days: ['2026-11-24'], found: 3, added: 3, filteredOut: 0 });
    expect(o1!.digests).toEqual([{ id: expect.any(Number), name: 'HF Daily Papers 2026-11-24', papers: 3 }]);
    expect(o2).toMatchObject({ ok: true, days: ['2026-04-27'], found: 3, added: 3 });
    expect(o2!.digests.map((d) => d.name)).toEqual(['arXiv cs.AI 2026-04-27']);
    expect(since(first).map((r) => r.path).sort()).toEqual(['/api/daily_papers?date=2026-11-24', '/rss/cs.AI']);

    const digest = c.db.prepare("SELECT id, name, date, format, source_name FROM digest WHERE name = 'HF Daily Papers 2026-11-24'").get() as { id: number; date: string; format: string; source_name: string };
    expect(digest).toMatchObject({ date: '2026-11-24', format: 'hf-json', source_name: `${feeds.url}/api/daily_papers?date=2026-11-24` });
    const ids = c.db.prepare('SELECT p.arxiv_id FROM paper_digest pd JOIN paper p ON p.id = pd.paper_id WHERE pd.digest_id = ? ORDER BY pd.rank').pluck().all(digest.id);
    expect(ids).toContain('2512.22630'); // the paper corpus/pdf also has
    expect(ids).toHaveLength(3);

    // Again: HF has nothing due (yesterday is covered); arXiv is asked conditionally and says 304.
    const second = feeds.requests.length;
    const r2 = (await api.fetchSubscriptions({})).outcomes;
    expect(r2.map((o) => [o.added, o.digests.length])).toEqual([[0, 0], [0, 0]]);
    expect(r2[1]!.notModified).toBe(1);
    const asked = since(second);
    expect(asked.map((r) => [r.path, r.status])).toEqual([['/rss/cs.AI', 304]]);
    expect(asked[0]!.headers['if-none-match']).toMatch(/^"[0-9a-f]{16}"$/);
    expect(asked[0]!.headers['if-modified-since']).toBe('Wed, 25 Nov 2026 06:00:00 GMT');

    // Asking HF again from an earlier day: days already fetched answer 304, missed ones come in.
    const third = feeds.requests.length;
    const r3 = (await api.fetchSubscriptions({ ids: [hf.id], since: '2026-11-23' })).outcomes[0]!;
    expect(r3).toMatchObject({ ok: true, days: ['2026-11-23', '2026-11-24'], notModified: 1, added: 1 });
    expect(since(third).map((r) => [r.path, r.status])).toEqual([
      ['/api/daily_papers?date=2026-11-23', 200],
      ['/api/daily_papers?date=2026-11-24', 304],
    ]);
    expect(since(third)[1]!.headers['if-none-match']).toBeTruthy();
    expect(c.db.prepare('SELECT count(*) FROM digest').pluck().get()).toBe(3);
    c.close();
  });

  it('catches up the days missed while it was not running (up to 14), each day its own digest', async () => {
    const { api, core: c } = core();
    const hf = await api.addSubscription({ kind: 'hf-daily' });
    c.db.prepare("UPDATE subscription SET covered_through = '2026-11-01' WHERE id = ?").run(hf.id);
    const o = (await api.fetchSubscriptions({})).outcomes[0]!;
    // 14 days back from yesterday: 11-11 … 11-24; the empty weekend day makes no digest.
    expect(o.days[0]).toBe('2026-11-11');
    expect(o.days.at(-1)).toBe('2026-11-24');
    expect(o.days).toHaveLength(14);
    expect(o.digests.map((d) => [d.name, d.papers])).toEqual([
      ['HF Daily Papers 2026-11-21', 13],
      ['HF Daily Papers 2026-11-23', 1],
      ['HF Daily Papers 2026-11-24', 3],
    ]);
    expect((await api.listSubscriptions({})).subscriptions[0]!.coveredThrough).toBe('2026-11-24');
    c.close();
  });

  it('a source answering 503 or a web page is reported with the reason, and the others go on', async () => {
    const { api, core: c } = core();
    await api.addSubscription({ kind: 'hf-daily' });
    await api.addSubscription({ kind: 'arxiv', target: 'cs.AI' });
    await api.addSubscription({ kind: 'feed', target: `${feeds.url}/feeds/journal-rss/wiley-atypon-rss2-prism2-2021-12-21-guid-doi.xml` });
    feeds.fault('/api/daily_papers', { kind: 'status', status: 503, retryAfter: '120' });
    feeds.fault('/rss/', { kind: 'html' });
    try {
      const [hf, ax, journal] = (await api.fetchSubscriptions({})).outcomes;
      expect(hf).toMatchObject({ ok: false, added: 0 });
      expect(hf!.error).toMatch(/answered HTTP 503 \(service unavailable\), and asked to wait 2 min/);
      expect(ax!.ok).toBe(false);
      expect(ax!.error).toMatch(/answered with a web page, not a feed/);
      expect(journal).toMatchObject({ ok: true, found: 66, added: 66 });
      const listed = (await api.listSubscriptions({})).subscriptions;
      expect(listed[0]).toMatchObject({ failures: 1, lastError: hf!.error, coveredThrough: null });
      // Backoff: at least what the server asked.
      expect(Date.parse(listed[0]!.retryAt!) - Date.now()).toBeGreaterThan(100_000);
      // A scheduled round leaves a failing source alone until its wait is over; naming it asks now.
      const again = (await api.fetchSubscriptions({})).outcomes[0]!;
      expect(again.skipped).toMatch(/^waiting until/);
    } finally {
      feeds.clearFaults();
    }
    const retried = (await api.fetchSubscriptions({ ids: [1] })).outcomes[0]!;
    expect(retried).toMatchObject({ ok: true, added: 3 });
    expect((await api.listSubscriptions({})).subscriptions[0]).toMatchObject({ failures: 0, lastError: null });
    c.close();
  });

  it('filters drop what they should, before anything is added', async () => {
    const { api, core: c } = core();
    // 2024-05-27: 13 papers with upvotes between 2 and 20-odd.
    const hf = await api.addSubscription({ kind: 'hf-daily', filters: { minUpvotes: 10, exclude: ['video'], max: 3 } });
    const o = (await api.fetchSubscriptions({ since: '2026-11-21' })).outcomes[0]!;
    expect(o.days).toEqual(['2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24']);
    const papers = c.db.prepare('SELECT title, upvotes FROM paper ORDER BY upvotes DESC').all() as { title: string; upvotes: number }[];
    for (const p of papers) {
      expect(p.upvotes).toBeGreaterThanOrEqual(10);
      expect(p.title.toLowerCase()).not.toContain('video');
    }
    const perDay = c.db.prepare('SELECT d.name, count(*) AS n FROM digest d JOIN paper_digest pd ON pd.digest_id = d.id GROUP BY d.id ORDER BY d.name').all() as { n: number }[];
    for (const d of perDay) expect(d.n).toBeLessThanOrEqual(3);
    expect(o.found).toBe(17);
    expect(o.filteredOut).toBe(17 - papers.length);

    const preview = await api.previewSubscription({ kind: 'hf-daily', filters: { keywords: ['agent'] } });
    expect(preview.day).toBe('2026-11-24');
    expect(preview.found).toBe(3);
    for (const item of preview.items) if (item.dropped) expect(item.dropped).toBe('mentions none of: agent');
    expect(c.db.prepare('SELECT count(*) FROM subscription').pluck().get()).toBe(1); // a preview writes nothing
    // Editing the filters previews again without asking the source again.
    const asked = feeds.requests.length;
    expect((await api.previewSubscription({ kind: 'hf-daily', filters: { keywords: [] } })).kept).toBe(3);
    expect(feeds.requests.length).toBe(asked);
    await api.removeSubscription({ id: hf.id });
    expect(c.db.prepare('SELECT count(*) FROM digest').pluck().get()).toBeGreaterThan(0); // its digests stay
    c.close();
  });
});
