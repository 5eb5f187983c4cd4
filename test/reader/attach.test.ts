import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LecternError } from '../../src/shared/errors';
import { readText, snapshot, testCore } from '../helpers/core';
import { hostileFiles, PDFTEX_2012_PDF, TESO_PDF } from '../helpers/pdfs';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

async function library() {
  const t = testCore();
  await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
  return t;
}

async function rejects(p: Promise<unknown>): Promise<LecternError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LecternError);
    return e as LecternError;
  }
  throw new Error('expected an error');
}

const filesIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

describe('attaching a PDF to a paper', () => {
  let hostile: Awaited<ReturnType<typeof hostileFiles>>;
  beforeAll(async () => {
    hostile = await hostileFiles();
  });

  it('copies the file into the library folder under a confined name, and the paper has a PDF', async () => {
    const { api, core, dir } = await library();
    const r = await api.attachPdf({ ref: '3', file: core.received.add({ path: TESO_PDF }) });
    expect(r).toEqual({ paperId: 3, file: 'pdfs/paper-3.pdf', bytes: fs.statSync(TESO_PDF).size, replaced: false, warnings: [] });
    const copy = path.join(dir, 'pdfs', 'paper-3.pdf');
    expect(fs.readFileSync(copy).equals(fs.readFileSync(TESO_PDF))).toBe(true);
    expect(filesIn(path.join(dir, 'pdfs'))).toEqual(['paper-3.pdf']); // no temporary file left
    expect((await api.getPaper({ ref: '3' })).pdf).toBe('downloaded');
    const row = core.db.prepare('SELECT * FROM paper_file WHERE paper_id = 3').get() as { sha256: string; rel_path: string };
    expect(row.sha256).toBe(createHash('sha256').update(fs.readFileSync(TESO_PDF)).digest('hex'));
    const state = await api.readingState({ ref: '3' });
    expect(state.file).toEqual({ name: 'paper-3.pdf', bytes: r.bytes });
    expect(state.text.state).toBe('pending'); // no extractor in this core: it waits
    core.close();
  });

  it('names the file after the arXiv id when the paper has one', async () => {
    const { api, core } = await library();
    core.db.prepare("UPDATE paper SET arxiv_id = 'hep-th/9901001' WHERE id = 5").run();
    expect((await api.attachPdf({ ref: 'hep-th/9901001', file: core.received.add({ path: TESO_PDF }) })).file).toBe('pdfs/hep-th_9901001.pdf');
    core.close();
  });

  it('replaces an earlier PDF and removes the old file', async () => {
    const { api, core, dir } = await library();
    await api.attachPdf({ ref: '3', file: core.received.add({ path: TESO_PDF }) });
    core.db.prepare("UPDATE paper SET arxiv_id = '1111.2011' WHERE id = 3").run();
    const r = await api.attachPdf({ ref: '3', file: core.received.add({ path: PDFTEX_2012_PDF }) });
    expect(r).toMatchObject({ file: 'pdfs/1111.2011.pdf', replaced: true });
    expect(filesIn(path.join(dir, 'pdfs'))).toEqual(['1111.2011.pdf']);
    core.close();
  });

  it('refuses what is not a PDF with a reason, and changes nothing', async () => {
    const { api, core, dir } = await library();
    const before = snapshot(core);
    const cases: [string, RegExp][] = [
      [hostile.empty, /empty\.pdf: the file is empty \(0 bytes\)\. Nothing was changed\./],
      [hostile.html, /captcha\.pdf: it is an HTML page, not a PDF/],
      [path.join(tempDir(), 'nope.pdf'), /nope\.pdf: no such file/],
      [tempDir(), /it is a folder/],
      [SEED_DIGEST, /it is not a PDF \(it does not start with a "%PDF-" header\)/],
    ];
    for (const [file, message] of cases) {
      const e = await rejects(api.attachPdf({ ref: '3', file: core.received.add({ path: file }) }));
      expect(e.code).toBe('UNREADABLE');
      expect(e.message).toMatch(message);
    }
    expect((await rejects(api.attachPdf({ ref: '999', file: core.received.add({ path: TESO_PDF }) }))).code).toBe('NOT_FOUND');
    expect(snapshot(core)).toEqual(before);
    expect(core.db.prepare('SELECT count(*) FROM paper_file').pluck().get()).toBe(0);
    expect(filesIn(path.join(dir, 'pdfs'))).toEqual([]);
    core.close();
  });

  it('accepts a cut-off PDF with a warning (pdf.js may still show its first pages)', async () => {
    const { api, core } = await library();
    const r = await api.attachPdf({ ref: '4', file: core.received.add({ path: hostile.truncated }) });
    expect(r.warnings).toEqual([expect.stringMatching(/^Accepted although it is incomplete \(no "%%EOF" at its end\): it looks cut off/)]);
    core.close();
  });
});
