import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusPdfs } from '../helpers/arxiv-server';
import { webCore } from '../helpers/web-core';

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const BRONZE = '10.1641/0006-3568(2005)055[0851:potapf]2.0.co;2';
const CLOSED = '10.1016/s0962-1849(05)80014-9';
const GREEN = '10.1103/physrevlett.80.3915';

async function importDois(t: Awaited<ReturnType<typeof webCore>>, dois: string[]) {
  const text = dois.map((d, i) => `@article{k${i}, doi = {${d}}}`).join('\n');
  return t.api.commitImport({ text, fileName: 'dois.bib' });
}

describe('open-access PDFs of papers with a DOI', () => {
  it('Unpaywall: a bronze copy at the publisher is downloaded; a closed paper says so and offers to attach a PDF', async () => {
    const t = await webCore();
    close = t.close;
    await importDois(t, [BRONZE, CLOSED]);
    const q = await t.api.queueDownloads({ papers: { query: {} } });
    expect(q.queued).toBe(2);
    await t.run('all');
    const open = await t.api.getPaper({ ref: BRONZE });
    expect(open).toMatchObject({ pdf: 'downloaded', pdfNote: null });
    const file = path.join(t.dir, `pdfs/paper-${open.id}.pdf`);
    expect(fs.readFileSync(file).equals(corpusPdfs()[0]!)).toBe(true);
    // The SICI DOI's brackets and semicolon reach Unpaywall encoded, and its answer is matched case-insensitively.
    expect(t.web.log.some((l) => l.host === 'unpaywall' && l.path.startsWith('/v2/10.1641/0006-3568(2005)055%5B0851%3Apotapf%5D2.0.co%3B2?email=reader%40example.org'))).toBe(true);
    const closed = await t.api.getPaper({ ref: CLOSED });
    expect(closed.pdf).toBe('failed');
    expect(closed.pdfNote).toMatch(/^No open-access copy found\. Unpaywall lists no open copy \(closed\); the DOI’s landing page names no PDF \(no citation_pdf_url\)\. Attach a PDF you have/);
  });

  it("Unpaywall's arXiv copy gives the paper its arXiv id; the PDF then comes from arXiv", async () => {
    const t = await webCore({ papers: [{ id: 'gr-qc/9801069', version: 2, title: 'Inspiralling compact binaries', authors: ['A. B'], published: '1998-01-21' }] });
    close = t.close;
    await importDois(t, [GREEN]);
    await t.api.queueDownloads({ papers: { query: {} } });
    await t.run('all');
    const p = await t.api.getPaper({ ref: GREEN });
    expect(p).toMatchObject({ arxivId: 'gr-qc/9801069', pdf: 'downloaded', preprint: { server: 'arXiv', id: 'gr-qc/9801069', version: 2 } });
    expect(fs.existsSync(path.join(t.dir, 'pdfs/gr-qc_9801069.pdf'))).toBe(true);
    expect(t.web.log.filter((l) => l.host === 'repository')).toHaveLength(0);
  });

  it("a bioRxiv preprint's PDF by its DOI; a landing page's citation_pdf_url; a sign-in page served as the PDF is refused", async () => {
    const t = await webCore();
    close = t.close;
    t.web.pdfs.set('/pdf/10.1103/physrevb.89.140501.pdf', corpusPdfs()[2]!);
    t.web.paywalled.add('10.1371/journal.pone.0033693');
    await importDois(t, ['10.1101/014852', '10.1103/PhysRevB.89.140501', '10.1371/journal.pone.0033693']);
    await t.api.queueDownloads({ papers: { query: {} } });
    await t.run('all');
    expect(await t.api.getPaper({ ref: '10.1101/014852' })).toMatchObject({ pdf: 'downloaded', preprint: { server: 'bioRxiv' } });
    expect(t.web.log.some((l) => l.host === 'biorxiv' && l.path === '/content/10.1101/014852.full.pdf' && l.status === 200)).toBe(true);
    expect(await t.api.getPaper({ ref: '10.1103/PhysRevB.89.140501' })).toMatchObject({ pdf: 'downloaded', title: 'Particle entanglement in continuum many-body systems via quantum Monte Carlo' });
    const refused = await t.api.getPaper({ ref: '10.1371/journal.pone.0033693' });
    expect(refused.pdf).toBe('failed');
    expect(refused.pdfNote).toMatch(/sent a web page \(“Sign in to read”\) instead of the PDF; nothing was saved/);
    expect(fs.readdirSync(path.join(t.dir, 'pdfs')).sort()).toHaveLength(2);
  });

  it('keeps one connection and at least the delay between requests per host', async () => {
    const dois = ['10.5555/a.1', '10.5555/a.2', '10.5555/a.3', '10.5555/a.4'];
    const t = await webCore({ delayMs: 300 });
    close = t.close;
    for (const d of dois) t.web.pdfs.set(`/pdf/${d}.pdf`, corpusPdfs()[1]!);
    await importDois(t, dois);
    await t.api.queueDownloads({ papers: { query: {} } });
    await t.run('all');
    for (const d of dois) expect((await t.api.getPaper({ ref: d })).pdf).toBe('downloaded');
    const hosts = new Set(t.web.log.map((l) => l.host));
    expect([...hosts].sort()).toEqual(['crossref', 'doi', 'publisher', 'unpaywall']);
    const gaps: Record<string, number[]> = {};
    for (const h of hosts) {
      const reqs = t.web.log.filter((l) => l.host === h).sort((a, b) => a.at - b.at);
      gaps[h] = reqs.slice(1).map((r, i) => r.at - reqs[i]!.end);
    }
    // One at a time per host, each at least 300 ms after the previous one ended (timer slack aside).
    for (const [h, g] of Object.entries(gaps)) for (const ms of g) expect(ms, h).toBeGreaterThanOrEqual(290);
    expect(gaps.publisher!.length).toBe(7); // 4 landing pages and 4 PDFs
    // Other hosts need not wait for the publisher: somewhere a request to another host came sooner.
    const all = [...t.web.log].sort((a, b) => a.at - b.at);
    const crossHost = all.slice(1).map((r, i) => (r.host !== all[i]!.host ? r.at - all[i]!.end : Infinity));
    expect(Math.min(...crossHost)).toBeLessThan(290);
    console.log(`pacing per host (ms between requests, delay 300): ${Object.entries(gaps).map(([h, g]) => `${h} min ${Math.round(Math.min(...g))} over ${g.length}`).join('; ')}`);
  });
});
