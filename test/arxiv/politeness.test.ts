import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/main/core/arxiv/client';
import { arxivSettings } from '../../src/main/core/arxiv/settings';
import { readArxivState, tryAcquireWorker } from '../../src/main/core/arxiv/state';
import { createCore } from '../../src/main/core/service';
import { localApi } from '../../src/main/core/local-api';
import { addPapers, arxivCore } from '../helpers/arxiv-core';
import { numberedPapers } from '../helpers/arxiv-server';
import { tempDir } from '../helpers/paths';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('politeness towards arXiv', () => {
  it('reads its settings from the environment, with the documented defaults, refusing bad values by name', () => {
    expect(arxivSettings({})).toMatchObject({ apiUrl: 'https://export.arxiv.org/api/query', pdfUrl: 'https://arxiv.org/pdf/', delayMs: 3000 });
    expect(arxivSettings({ LECTERN_ARXIV_DELAY_MS: '200', LECTERN_ARXIV_PDF: 'http://mirror.test/pdf/' })).toMatchObject({ delayMs: 200, pdfUrl: 'http://mirror.test/pdf/' });
    expect(() => arxivSettings({ LECTERN_ARXIV_DELAY_MS: '3s' })).toThrow(/LECTERN_ARXIV_DELAY_MS must be a whole number of milliseconds \(got "3s"\)/);
    expect(() => arxivSettings({ LECTERN_ARXIV_API: 'ftp://x' })).toThrow(/LECTERN_ARXIV_API must be an http\(s\) URL/);
    expect(() => arxivSettings({ LECTERN_ARXIV_PDF: 'not a url' })).toThrow(/LECTERN_ARXIV_PDF is not a URL/);
  });

  it('understands Retry-After in seconds and as a date', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('999999999', now)).toBe(24 * 3600 * 1000);
  });

  it('keeps the delay across runs: a new process waits for the last request of the one before', async () => {
    const papers = numberedPapers(2);
    const t = await arxivCore({ papers, env: { LECTERN_ARXIV_DELAY_MS: '400' } });
    closers.push(t.close);
    addPapers(t.core.db, papers.map((p) => ({ arxivId: p.id, title: p.title })));
    await t.api.queueDownloads({ papers: { refs: [papers[0]!.id] } });
    await t.run();
    // A second Lectern on the same folder, started right after.
    const other = createCore({ dataDir: t.dir, env: { ...t.fake.env, LECTERN_ARXIV_DELAY_MS: '400' } });
    closers.push(() => other.close());
    await localApi(other).queueDownloads({ papers: { refs: [papers[1]!.id] } });
    await other.arxivQueue.runUntilIdle({ scope: 'all' });
    const [a, b] = t.fake.requests;
    expect(b!.at - a!.end).toBeGreaterThanOrEqual(395);
  });

  it('lets one process work a library at a time, so two Lecterns still make one connection', async () => {
    const papers = numberedPapers(4);
    const t = await arxivCore({ papers, env: { LECTERN_ARXIV_DELAY_MS: '20' } });
    closers.push(t.close);
    addPapers(t.core.db, papers.map((p) => ({ arxivId: p.id, title: p.title })));
    await t.api.queueDownloads({ papers: { query: {} } });
    const other = createCore({ dataDir: t.dir, env: t.fake.env });
    closers.push(() => other.close());
    const seen: string[] = [];
    const [r1, r2] = await Promise.all([t.run(), other.arxivQueue.runUntilIdle({ scope: 'all', onEvent: (e) => seen.push(e.type) })]);
    expect([r1, r2]).toEqual([{ blocked: null, stopped: false }, { blocked: null, stopped: false }]);
    expect(t.fake.maxConcurrent).toBe(1);
    expect(t.fake.requests.map((r) => r.path).sort()).toEqual(papers.map((p) => `/pdf/${p.id}`).sort());
    expect((await t.api.workStatus({})).download.downloaded).toBe(4);
  });

  it("lets the app's background worker pick up what another process queued", async () => {
    const papers = numberedPapers(2);
    const t = await arxivCore({ papers });
    closers.push(t.close);
    const app = createCore({ dataDir: t.dir, env: t.fake.env, backgroundWork: true });
    closers.push(async () => {
      await app.stopWork();
      app.close();
    });
    addPapers(t.core.db, papers.map((p) => ({ arxivId: p.id, title: p.title })));
    await t.api.queueDownloads({ papers: { query: {} } }); // like `lectern download --all --queue-only`
    const started = Date.now();
    while ((await t.api.workStatus({})).download.downloaded < 2 && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 100));
    expect((await t.api.workStatus({})).download.downloaded).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('takes over the queue of a process that died, but not of one that runs', () => {
    const t = createCore({ dataDir: tempDir() });
    closers.push(() => t.close());
    const now = Date.now();
    t.db.prepare('UPDATE arxiv_state SET worker = ?, worker_heartbeat = ? WHERE id = 1').run(`${os.hostname()} ${process.ppid} other`, now);
    expect(tryAcquireWorker(t.db, 'me', now)).toBe(false);
    expect(tryAcquireWorker(t.db, 'me', now + 31_000)).toBe(true); // silent for too long
    t.db.prepare('UPDATE arxiv_state SET worker = ?, worker_heartbeat = ? WHERE id = 1').run(`${os.hostname()} 2147483646 dead`, now);
    expect(tryAcquireWorker(t.db, 'me', now)).toBe(true);
    expect(readArxivState(t.db).worker).toBe('me');
  });
});
