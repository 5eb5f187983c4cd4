import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/shared/decode';
import { snapshot, testCore } from '../helpers/core';
import { CORPUS } from '../helpers/paths';

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));
function fresh() {
  const t = testCore();
  open.push(t.core);
  return t;
}

const HF_JSON = path.join(CORPUS, 'hf-json', 'hfapi-daily_papers-2026-01-02.json');

// The same two papers as the HF file, as the arXiv API and a colleague's BibTeX would give them:
// other versions, a DOI-only entry, a title with different case and wrapping.
const ATOM = `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>https://arxiv.org/api/test</id>
  <title>arXiv Query: id_list=2512.24617,2512.22630</title>
  <updated>2026-01-03T00:00:00Z</updated>
  <entry>
    <id>http://arxiv.org/abs/2512.24617v2</id>
    <title>Dynamic Large Concept Models: Latent Reasoning in an Adaptive Semantic Space</title>
    <updated>2026-01-02T10:00:00Z</updated>
    <published>2025-12-31T04:19:33Z</published>
    <summary>Large concept models reason over concepts.</summary>
    <author><name>Xingwei Qu</name></author>
    <author><name>Shaowen Wang</name></author>
    <arxiv:primary_category term="cs.CL"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2512.22630v1</id>
    <title>On the Role of Discreteness in Diffusion LLMs</title>
    <updated>2025-12-27T16:03:08Z</updated>
    <published>2025-12-27T16:03:08Z</published>
    <summary>Discreteness matters.</summary>
    <author><name>Ziqi Jin</name></author>
    <arxiv:doi>10.48550/arXiv.2512.22630</arxiv:doi>
    <arxiv:primary_category term="cs.CL"/>
  </entry>
</feed>
`;

const BIBTEX = `@misc{qu2025dynamic,
  title = {Dynamic Large Concept Models: {Latent} Reasoning in an
           Adaptive Semantic Space},
  author = {Qu, Xingwei and Wang, Shaowen and Huang, Zihao},
  year = {2025},
  eprint = {2512.24617},
  archivePrefix = {arXiv},
}

@article{jin2025role,
  title = {ON THE ROLE OF DISCRETENESS IN DIFFUSION LLMS},
  author = {Jin, Ziqi},
  year = {2025},
  doi = {10.48550/arXiv.2512.22630},
}

@article{unrelated,
  title = {A Paper Nobody Else Mentions},
  author = {Doe, Jane},
  year = {2024},
}
`;

describe('one paper, many digests', () => {
  it('the same papers from HF JSON, arXiv Atom and BibTeX are one row each with all three digests', async () => {
    const { api } = fresh();
    const hf = await api.commitImport({ text: fs.readFileSync(HF_JSON, 'utf8'), fileName: 'hfapi-daily_papers-2026-01-02.json' });
    expect(hf).toMatchObject({ format: 'hf-json', added: 3 });
    const atom = await api.commitImport({ text: ATOM, fileName: 'query.xml' });
    expect(atom).toMatchObject({ format: 'arxiv-atom', found: 2, new: 0, existing: 2, added: 0, merged: 2 });
    const bib = await api.commitImport({ text: BIBTEX, fileName: 'colleague.bib' });
    expect(bib).toMatchObject({ format: 'bibtex', found: 3, new: 1, existing: 2, added: 1, merged: 2 });
    expect(bib.entries.map((e) => e.matchedBy)).toEqual(['arxiv', 'arxiv', null]);

    const dlcm = await api.getPaper({ ref: '2512.24617' });
    expect(dlcm.digests.map((d) => d.id)).toEqual([hf.digestId, atom.digestId, bib.digestId]);
    expect(dlcm.arxivVersion).toBe(2); // the newer version is recorded
    expect(dlcm.authors?.slice(0, 2)).toEqual(['Xingwei Qu', 'Shaowen Wang']);
    const role = await api.getPaper({ ref: '2512.22630' });
    expect(role.digests).toHaveLength(3);
    expect(role.doi).toBe('10.48550/arxiv.2512.22630');

    const rows = await api.listPapers({ limit: 10 });
    expect(rows.total).toBe(4);
    expect(rows.rows.find((r) => r.arxivId === '2512.24617')!.digestCount).toBe(3);
    expect((await api.listPapers({ digestIds: [atom.digestId], limit: 10 })).total).toBe(2);
  });

  it('matches by normalised title when there is no id, never overwriting the status', async () => {
    const { api } = fresh();
    await api.commitImport({ text: fs.readFileSync(HF_JSON, 'utf8'), fileName: 'a.json' });
    await api.markPapers({ papers: { refs: ['2512.24165'] }, status: 'read' });
    const bib = `@article{x, title = {DiffThinker:   towards generative multimodal reasoning with diffusion models}, author = {He, Zefeng}, year = {2025}}`;
    const r = await api.commitImport({ text: bib, fileName: 'x.bib' });
    expect(r).toMatchObject({ existing: 1, merged: 1 });
    expect(r.entries[0]!.matchedBy).toBe('title');
    expect((await api.getPaper({ ref: '2512.24165' })).status).toBe('read');
  });

  it('deleting a digest removes only the papers that came from nowhere else, after a dry run', async () => {
    const { core, api } = fresh();
    const hf = await api.commitImport({ text: fs.readFileSync(HF_JSON, 'utf8'), fileName: 'a.json' });
    const bib = await api.commitImport({ text: BIBTEX, fileName: 'colleague.bib' });
    await api.markPapers({ papers: { refs: ['2512.24617'] }, status: 'reading' });
    const before = snapshot(core);
    const dry = await api.deleteDigest({ id: bib.digestId, dryRun: true });
    expect(dry).toEqual({ id: bib.digestId, name: 'BibTeX: colleague.bib', removedPapers: 1, keptPapers: 2, dryRun: true });
    expect(snapshot(core)).toEqual(before);

    await api.deleteDigest({ id: bib.digestId });
    const rows = await api.listPapers({ limit: 10 });
    expect(rows.total).toBe(3);
    const kept = await api.getPaper({ ref: '2512.24617' });
    expect(kept.status).toBe('reading');
    expect(kept.digests.map((d) => d.id)).toEqual([hf.digestId]);
    expect(rows.rows.find((r) => r.arxivId === '2512.24617')).toMatchObject({ digest: expect.stringContaining('2026-01-02'), digestCount: 1 });
    expect((await api.listDigests({})).map((d) => d.id)).toEqual([hf.digestId]);
    await expect(api.deleteDigest({ id: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('every corpus file', () => {
  const files = fs
    .readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
    // A Zotero data folder's storage/ holds its attachments and caches, not digests.
    .filter((f) => !f.endsWith('.pdf') && !f.endsWith('README.md') && !/zotero-sqlite\/.*\/storage\//.test(f.split(path.sep).join('/')) && fs.statSync(path.join(CORPUS, f)).isFile())
    .sort();

  it('is found', () => expect(files.length).toBeGreaterThanOrEqual(28));

  // Files in the corpus that are not digests for `lectern import`, or whose format Lectern does
  // not read yet: each must be refused with a reason a user can act on and the library unchanged.
  const refused: [RegExp, RegExp][] = [
    [/error-entry/, /incorrect id format/i],
    // API responses kept for the Crossref and Unpaywall stand-ins, not digests.
    [/^(crossref|unpaywall)-json\//, /not a digest Lectern can read|not CSL-JSON/],
    // A Zotero data folder is brought over with `lectern import-zotero`, not imported file by file.
    [/^zotero-sqlite\//, /binary data|not a digest|found no arXiv ids/],
    // Formats of other fields, read by the "beyond arXiv" work (issue 17); refused clearly until then.
    [/^(pubmed|wos|endnote-xml|hf-html)\//, /not a digest Lectern can read|found no arXiv ids/],
  ];

  it.each(files)('%s imports into a library, or is refused with a reason and the library unchanged', async (file) => {
    const { core, api } = fresh();
    const text = decodeBytes(fs.readFileSync(path.join(CORPUS, file)));
    const before = snapshot(core);
    try {
      const r = await api.commitImport({ text, fileName: path.basename(file) });
      expect(r.found).toBe(r.entries.length);
      expect((await api.listPapers({ limit: 1 })).total).toBe(r.added);
      for (const e of r.entries) expect(e.title.length).toBeGreaterThan(0);
    } catch (e) {
      const why = refused.find(([where]) => where.test(file.split(path.sep).join('/')));
      if (!why) throw e;
      expect((e as Error).message).toMatch(why[1]);
      expect(snapshot(core)).toEqual(before);
    }
  });
});
