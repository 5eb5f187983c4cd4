import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/shared/model';
import type { DigestFormat } from '../../src/shared/parsed';
import type { ExportFormatId } from '../../src/shared/methods/export';
import { detectFormat } from '../../src/main/core/import/detect';
import { FORMATS } from '../../src/main/core/import/formats';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { indexAll } from '../../src/main/core/search/fts';
import { readText, testCore } from '../helpers/core';
import { ROOT, SEED_DIGEST } from '../helpers/paths';
import { addRichPapers } from '../helpers/rich-library';

/** Each export, imported into a new library, gives the same papers with the same fields. */
/**
 * What each format carries back. Categories: a BibTeX importer takes an arXiv paper's primary
 * class (`primaryclass`), not `keywords` (in the wild those are the user's tags); RIS `KW` and
 * CSL `keyword` are tags too, so categories do not travel there (they come back from arXiv on
 * resolving). CSL-JSON abstracts may be JATS or HTML, so an importer decodes entities: text that
 * itself reads like an entity ("&amp;") cannot survive that.
 */
type Categories = 'all' | 'primary' | 'none';
const IMPORTERS: { format: ExportFormatId; label: string; file: string; exportName: string; categories: Categories; entities?: boolean }[] = [
  { format: 'bibtex', label: 'BibTeX', file: 'bibtex.ts', exportName: 'bibtexFormat', categories: 'primary' },
  { format: 'ris', label: 'RIS', file: 'ris.ts', exportName: 'risFormat', categories: 'none' },
  { format: 'csl-json', label: 'CSL-JSON', file: 'csl-json.ts', exportName: 'cslJsonFormat', categories: 'none', entities: true },
];

async function sourceLibrary() {
  const t = testCore();
  await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'hf-daily-papers-page.txt' });
  addRichPapers(t.core.db);
  const rows = (await t.api.listPapers({ limit: 1000 })).rows;
  const papers: Paper[] = [];
  for (const r of rows) papers.push(await t.api.getPaper({ ref: String(r.id) }));
  return { ...t, papers };
}

/** The fields a bibliographic format carries, in a form two libraries can be compared in. */
function bibliographic(p: Paper, categories: Categories) {
  return {
    title: p.title,
    abstract: p.abstract,
    authors: p.authors,
    published: p.published,
    arxivId: p.arxivId,
    doi: p.doi,
    ...(categories === 'all' ? { categories: p.categories ? [...p.categories].sort() : null } : {}),
    ...(categories === 'primary' ? { categories: p.arxivId && p.categories?.length ? [p.categories[0]!] : null } : {}),
  };
}

const decodeEntities = (s: string | null) => s?.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!) ?? null;

describe('round trip: export, then import into a new library', () => {
  for (const imp of IMPORTERS) {
    const file = path.join(ROOT, 'src', 'main', 'core', 'import', 'formats', imp.file);
    it(`${imp.label}: the same papers and fields come back`, async () => {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, DigestFormat | undefined>;
      const importer = mod[imp.exportName];
      expect(importer, `${imp.file} exports ${imp.exportName}`).toBeDefined();
      const src = await sourceLibrary();
      const exported = await src.api.exportPapers({ format: imp.format });
      const name = `export.${exported.fileName.split('.').pop()}`;
      if (FORMATS.some((f) => f.id === importer!.id)) expect(detectFormat(exported.text, name, name).id).toBe(importer!.id);

      const parsed = importer!.parse(exported.text, { fileName: name, now: new Date('2026-11-26T09:00:00Z') });
      expect(parsed.problems).toEqual([]);
      expect(parsed.entries).toHaveLength(src.papers.length);
      const dst = testCore('2026-11-26T09:00:00Z');
      commitImport(dst.core.db, planImport(dst.core.db, parsed, importer!.label, name, 'round-trip'), exported.text, name, '2026-11-26T09:00:00.000Z');
      indexAll(dst.core.db);
      const back = (await dst.api.listPapers({ limit: 1000 })).rows;
      expect(back).toHaveLength(src.papers.length);
      const got = new Map<string, Paper>();
      for (const r of back) {
        const p = await dst.api.getPaper({ ref: String(r.id) });
        got.set(p.title, p);
      }
      // Every difference, not only the first: what a format or an importer loses, field by field.
      const differences: string[] = [];
      for (const p of src.papers) {
        const q = got.get(p.title);
        if (!q) {
          differences.push(`"${p.title}" did not come back`);
          continue;
        }
        const want = bibliographic(p, imp.categories) as Record<string, unknown>;
        if (imp.entities) want.abstract = decodeEntities(want.abstract as string | null);
        const have = bibliographic(q, imp.categories) as Record<string, unknown>;
        for (const k of Object.keys(want)) {
          if (JSON.stringify(want[k]) !== JSON.stringify(have[k])) differences.push(`"${p.title.slice(0, 50)}" ${k}: exported ${JSON.stringify(want[k])}, came back ${JSON.stringify(have[k])}`);
        }
      }
      expect(differences).toEqual([]);
      src.core.close();
      dst.core.close();
    });
  }

  // The Markdown reading list is for people; a "text with arXiv links" importer reads its ids back.
  it('Markdown reading list: every paper with an arXiv id comes back', async () => {
      const src = await sourceLibrary();
      const md = await src.api.exportPapers({ format: 'markdown' });
      const dst = testCore('2026-11-26T09:00:00Z');
      await dst.api.commitImport({ text: md.text, fileName: md.fileName });
      const back = new Set((await dst.api.listPapers({ limit: 1000 })).rows.map((r) => r.arxivId));
      for (const p of src.papers) if (p.arxivId) expect(back, p.title).toContain(p.arxivId);
      src.core.close();
      dst.core.close();
    });
});
