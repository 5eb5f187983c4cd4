import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addPapers, arxivCore, pdfFiles } from '../helpers/arxiv-core';
import { numberedPapers, type Fault } from '../helpers/arxiv-server';

type T = Awaited<ReturnType<typeof arxivCore>> & { ids: number[]; arxivIds: string[] };
let open: T | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

/** n papers with ids on the fake arXiv, all queued for download, with faults injected first. */
async function setup(n: number, faults: [number | '*', Fault][] = [], env: Record<string, string> = {}): Promise<T> {
  const papers = numberedPapers(n);
  const t = await arxivCore({ papers, env });
  const arxivIds = papers.map((p) => p.id);
  const ids = addPapers(t.core.db, papers.map((p) => ({ arxivId: p.id, title: p.title })));
  for (const [i, f] of faults) t.fake.fault(i === '*' ? '*' : arxivIds[i]!, f);
  const q = await t.api.queueDownloads({ papers: { query: {} } });
  expect(q.queued).toBe(n);
  open = { ...t, ids, arxivIds };
  return open;
}

const pdfRequests = (t: T, i: number) => t.fake.requests.filter((r) => r.path.startsWith(`/pdf/${t.arxivIds[i]}`));

async function expectDownloaded(t: T, i: number) {
  const p = await t.api.getPaper({ ref: String(t.ids[i]) });
  expect(p.pdf, p.pdfNote ?? '').toBe('downloaded');
  expect(p.pdfPath).toBe(`pdfs/${t.arxivIds[i]}.pdf`);
  const bytes = fs.readFileSync(path.join(t.dir, ...p.pdfPath!.split('/')));
  expect(bytes.equals(t.fake.pdfOf(t.arxivIds[i]!))).toBe(true);
  expect(p.pdfBytes).toBe(bytes.length);
}

async function expectFailed(t: T, i: number, reason: RegExp) {
  const p = await t.api.getPaper({ ref: String(t.ids[i]) });
  expect(p.pdf).toBe('failed');
  expect(p.pdfNote).toMatch(reason);
  expect(p.pdfPath).toBeNull();
  expect(pdfFiles(t.dir).filter((f) => f.startsWith(t.arxivIds[i]!))).toEqual([]);
}

describe('downloading PDFs', () => {
  it('keeps one connection, the delay between requests, and names itself', async () => {
    const t = await setup(3, [], { LECTERN_ARXIV_DELAY_MS: '150' });
    const out = await t.run();
    expect(out).toEqual({ blocked: null, stopped: false });
    for (const i of [0, 1, 2]) await expectDownloaded(t, i);
    expect(pdfFiles(t.dir)).toEqual(t.arxivIds.map((id) => `${id}.pdf`));
    expect(t.fake.maxConcurrent).toBe(1);
    const reqs = t.fake.requests;
    for (let k = 1; k < reqs.length; k++) expect(reqs[k]!.at - reqs[k - 1]!.end).toBeGreaterThanOrEqual(149);
    for (const r of reqs) {
      expect(r.headers['user-agent']).toMatch(/^Lectern\/\d+\.\d+\.\d+ /);
      expect(r.headers['accept-encoding']).toBe('identity');
    }
    const st = await t.api.workStatus({});
    expect(st.download).toMatchObject({ queued: 0, downloaded: 3, failed: 0, batchDone: 3, batchTotal: 3, current: null });
  });

  it('takes a slow body, reporting progress along the way', async () => {
    const t = await setup(1, [[0, { kind: 'slow', chunk: 32 * 1024, everyMs: 40 }]]);
    await t.run();
    await expectDownloaded(t, 0);
    const progress = t.events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const fractions = progress.map((e) => (e.type === 'progress' && e.total ? e.bytes / e.total : 0));
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true);
  });

  it('gives up on a stalled body after the idle timeout and resumes it with Range', async () => {
    const t = await setup(1, [[0, { kind: 'stall', afterBytes: 200_000, ms: 3000, times: 1 }]], { LECTERN_ARXIV_TIMEOUT_MS: '300' });
    await t.run();
    await expectDownloaded(t, 0);
    const reqs = pdfRequests(t, 0);
    expect(reqs).toHaveLength(2);
    expect(reqs[1]!.headers.range).toMatch(/^bytes=(\d+)-$/);
    expect(Number(/=(\d+)-/.exec(String(reqs[1]!.headers.range))![1])).toBeGreaterThanOrEqual(196_608);
    expect(reqs[1]!.status).toBe(206);
    expect(t.events.find((e) => e.type === 'retry')).toMatchObject({ reason: expect.stringMatching(/arXiv sent nothing for 0 s|sent nothing/) });
  });

  it('honours Retry-After on a 503, then downloads', async () => {
    const t = await setup(1, [[0, { kind: 'status', status: 503, retryAfter: '1', times: 1 }]]);
    await t.run();
    await expectDownloaded(t, 0);
    const reqs = pdfRequests(t, 0);
    expect(reqs.map((r) => r.status)).toEqual([503, 200]);
    expect(reqs[1]!.at - reqs[0]!.end).toBeGreaterThanOrEqual(990);
    expect(t.events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'arXiv answered 503 (service unavailable)', waitMs: 1000 });
  });

  it('honours Retry-After given as a date on a 429, for every paper', async () => {
    const at = new Date(Date.now() + 1500).toUTCString();
    const t = await setup(2, [[0, { kind: 'status', status: 429, retryAfter: at, times: 1 }]]);
    await t.run();
    await expectDownloaded(t, 0);
    await expectDownloaded(t, 1);
    // The pause holds for all of arXiv, not just the paper that met it.
    const first429 = t.fake.requests.find((r) => r.status === 429)!;
    const next = t.fake.requests[t.fake.requests.indexOf(first429) + 1]!;
    expect(next.at - first429.end).toBeGreaterThan(400);
  });

  it('backs off exponentially on other 5xx, and fails the paper when the tries run out; the next one still downloads', async () => {
    const t = await setup(2, [[0, { kind: 'status', status: 500 }]]);
    await t.run();
    await expectFailed(t, 0, /^arXiv answered 500 \(server error\) \(gave up after 5 tries\)\.$/);
    await expectDownloaded(t, 1);
    const reqs = pdfRequests(t, 0);
    expect(reqs).toHaveLength(5);
    // The delay is 5 ms here, so backoff starts at its 50 ms floor and doubles.
    const gaps = reqs.slice(1).map((r, k) => r.at - reqs[k]!.end);
    [50, 100, 200, 400].forEach((min, k) => expect(gaps[k]!).toBeGreaterThanOrEqual(min - 2));
  });

  it('stops all traffic on a 403, says why, keeps the queue, and goes on once resumed', async () => {
    const t = await setup(3, [[0, { kind: 'status', status: 403, times: 1 }]]);
    const out = await t.run();
    expect(out.blocked).toMatch(/arXiv refused access \(HTTP 403\).*stopped all traffic to arXiv/);
    expect(t.fake.requests).toHaveLength(1);
    const st = await t.api.workStatus({});
    expect(st.blocked?.reason).toMatch(/HTTP 403/);
    expect(st.download.queued).toBe(3);
    for (const id of t.ids) expect((await t.api.getPaper({ ref: String(id) })).pdf).toBe('queued');

    // Another run, another process: still stopped, and not one request.
    expect((await t.run()).blocked).toMatch(/HTTP 403/);
    expect(t.fake.requests).toHaveLength(1);

    const resumed = await t.api.resumeArxiv({});
    expect(resumed.blocked).toBeNull();
    expect(await t.run()).toEqual({ blocked: null, stopped: false });
    for (const i of [0, 1, 2]) await expectDownloaded(t, i);
  });

  it('refuses a web page served with status 200 instead of the PDF, saying so', async () => {
    const t = await setup(2, [[0, { kind: 'html' }]]);
    await t.run();
    await expectFailed(t, 0, /^arXiv sent a web page \(“arXiv.org - Are you a robot\?”\) instead of the PDF\. This is usually a captcha or a block page/);
    expect(pdfRequests(t, 0)).toHaveLength(1);
    await expectDownloaded(t, 1);
  });

  it('resumes a body cut mid-way with Range, appending the rest', async () => {
    const t = await setup(1, [[0, { kind: 'cut', afterBytes: 150_000, times: 1 }]]);
    await t.run();
    await expectDownloaded(t, 0);
    const reqs = pdfRequests(t, 0);
    expect(reqs).toHaveLength(2);
    const from = Number(/^bytes=(\d+)-$/.exec(String(reqs[1]!.headers.range))![1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(150_000);
    expect(reqs[1]!.headers['if-range']).toMatch(/^"[0-9a-f]+"$/);
    expect(reqs[1]!.status).toBe(206);
    expect(t.events.find((e) => e.type === 'retry')).toMatchObject({ reason: expect.stringMatching(/broke off.*after \d+ of \d+ bytes/) });
  });

  it('never accepts a Content-Length longer than the file', async () => {
    const t = await setup(1, [[0, { kind: 'wrong-length', delta: 100 }]]);
    await t.run();
    await expectFailed(t, 0, /^The server announced \d+ bytes, but the file ends at \d+$/);
    // Two requests when every byte sent was read before the connection closed; on a loaded
    // machine the last chunks can go down with it (fetch errors the body before they are read),
    // and resuming for them takes a round or two more (each at most two requests: a resume
    // answered for another length starts the file again), within the 5 tries.
    expect(pdfRequests(t, 0).length).toBeGreaterThanOrEqual(2);
    expect(pdfRequests(t, 0).length).toBeLessThanOrEqual(9);
  });

  it('never accepts a Content-Length shorter than the file', async () => {
    const t = await setup(1, [[0, { kind: 'wrong-length', delta: -5000 }]]);
    await t.run();
    await expectFailed(t, 0, /incomplete \(no "%%EOF" at its end\) \(gave up after 5 tries\)/);
  });

  it('starts again when the server ignores Range and sends the whole file', async () => {
    const t = await setup(1, [
      [0, { kind: 'cut', afterBytes: 100_000, times: 1 }],
      [0, { kind: 'ignore-range', times: 1 }],
    ]);
    await t.run();
    await expectDownloaded(t, 0);
    const reqs = pdfRequests(t, 0);
    expect(reqs.map((r) => [!!r.headers.range, r.status])).toEqual([
      [false, 200],
      [true, 200],
    ]);
  });

  it('starts again when the Content-Range does not fit what it has', async () => {
    const t = await setup(1, [
      [0, { kind: 'cut', afterBytes: 100_000, times: 1 }],
      [0, { kind: 'bad-range', times: 1 }],
    ]);
    await t.run();
    await expectDownloaded(t, 0);
    expect(pdfRequests(t, 0).map((r) => [!!r.headers.range, r.status])).toEqual([
      [false, 200],
      [true, 206],
      [false, 200],
    ]);
  });

  it('starts again when the file changed on the server (another ETag)', async () => {
    const t = await setup(1, [
      [0, { kind: 'cut', afterBytes: 100_000, times: 1 }],
      [0, { kind: 'change-etag', times: 1 }],
    ]);
    await t.run();
    await expectDownloaded(t, 0);
    const reqs = pdfRequests(t, 0);
    expect(reqs.map((r) => [!!r.headers.range, r.status])).toEqual([
      [false, 200],
      [true, 206],
      [false, 200],
    ]);
  });

  it('follows up to 5 redirects, no more, and only to http(s)', async () => {
    const t = await setup(3, [
      [0, { kind: 'redirect', hops: 5 }],
      [1, { kind: 'redirect', hops: 6 }],
      [2, { kind: 'redirect', hops: 1, to: 'file:///etc/passwd' }],
    ]);
    await t.run();
    await expectDownloaded(t, 0);
    expect(pdfRequests(t, 0)).toHaveLength(6);
    await expectFailed(t, 1, /^More than 5 redirects/);
    expect(pdfRequests(t, 1)).toHaveLength(6);
    await expectFailed(t, 2, /^Redirected to a file address \(file:\/\/\/etc\/passwd\); only http\(s\) is followed$/);
  });

  it('fails a paper arXiv has no PDF for at once, with the reason', async () => {
    const t = await setup(2);
    t.fake.papers.delete(t.arxivIds[0]!);
    await t.run();
    await expectFailed(t, 0, /^arXiv has no PDF for 2501\.10001 \(HTTP 404\)$/);
    expect(pdfRequests(t, 0)).toHaveLength(1);
    await expectDownloaded(t, 1);
  });

  it('never lists a file without its %%EOF trailer as downloaded', async () => {
    const t = await setup(1, [[0, { kind: 'truncated-file', bytes: 300_000 }]]);
    await t.run();
    await expectFailed(t, 0, /incomplete \(no "%%EOF"/);
  });

  it('retries the failed on request, and cleans stale temporary files at start', async () => {
    const t = await setup(1, [[0, { kind: 'html', times: 1 }]]);
    fs.mkdirSync(path.join(t.dir, 'pdfs'), { recursive: true });
    fs.writeFileSync(path.join(t.dir, 'pdfs', '2401.99999.pdf.part'), 'left by a crash');
    await t.run();
    expect(t.events.find((e) => e.type === 'cleaned')).toEqual({ type: 'cleaned', files: ['2401.99999.pdf.part'] });
    await expectFailed(t, 0, /web page/);
    const again = await t.api.queueDownloads({ papers: { query: {} }, retryFailed: true });
    expect(again).toMatchObject({ queued: 1 });
    await t.run();
    await expectDownloaded(t, 0);
    expect(pdfFiles(t.dir)).toEqual([`${t.arxivIds[0]}.pdf`]);
  });
});
