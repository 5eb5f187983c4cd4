import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contract } from '../../src/shared/contract';
import { MAX_IMPORT_BYTES } from '../../src/shared/methods/import';
import { FORMATS } from '../../src/main/core/import/formats';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { readText, testCore } from '../helpers/core';
import { lectern } from '../helpers/cli';
import { rejection } from '../helpers/errors';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

// Issue 13, "The import walk": one parse and one upload of the text per import, one limit, one
// indexing trigger, and a plan that a commit reads but never changes.
const seed = readText(SEED_DIGEST);
const open: { close(): void }[] = [];
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
  vi.restoreAllMocks();
});
function fresh() {
  const t = testCore();
  open.push(t.core);
  return t;
}
const hfText = FORMATS.find((f) => f.id === 'hf-text')!;

describe('the import walk', () => {
  it('a preview keeps its plan under the content hash: the commit sends no text and parses nothing again', async () => {
    const { api } = fresh();
    const parse = vi.spyOn(hfText, 'parse');
    const preview = await api.previewImport({ text: seed, fileName: 'hf-daily-papers-page.txt' });
    expect(preview.planKey).toMatch(/^[0-9a-f]{64}$/);
    expect(parse).toHaveBeenCalledTimes(1);
    const result = await api.commitImport({ plan: preview.planKey });
    expect(parse).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ added: 29, merged: 0, name: 'Daily Papers 2026-01-08', planKey: preview.planKey, searchable: true });
    expect((await api.listDigests({}))[0]).toMatchObject({ sourceName: 'hf-daily-papers-page.txt', paperCount: 29 });
    // A plan is written once; a key nobody was given (or one already used) is NOT_FOUND, and the text still works.
    expect((await rejection(api.commitImport({ plan: preview.planKey }))).code).toBe('NOT_FOUND');
    expect((await rejection(api.commitImport({ plan: 'f'.repeat(64) }))).message).toMatch(/import the digest again/);
    expect(await api.commitImport({ text: seed, fileName: 'again.txt' })).toMatchObject({ added: 0, alreadyImported: { digestId: result.digestId } });
  });

  it('the library changed between preview and commit: the plan is matched again under the write lock, so nothing is duplicated', async () => {
    const { api, dir } = fresh();
    const preview = await api.previewImport({ text: seed, fileName: 'seed.txt' });
    expect(preview).toMatchObject({ new: 29, existing: 0 });
    // Meanwhile another process imports one of its papers.
    const other = testCore(undefined, dir);
    const one = seed.split('\n').slice(0, 21).join('\n'); // the page's header and its first paper
    expect((await other.api.commitImport({ text: one, fileName: 'one.txt' })).added).toBe(1);
    other.core.close();

    const result = await api.commitImport({ plan: preview.planKey });
    expect(result).toMatchObject({ added: 28, merged: 1, existing: 1, new: 28 });
    expect(result.entries.filter((e) => e.state === 'existing')).toHaveLength(1);
    expect((await api.listPapers({ limit: 100 })).total).toBe(29);
  });

  it('commitImport reads the plan it is given and changes nothing in it; the matches of an unchanged library are used as they are', () => {
    const { core } = fresh();
    const db = core.db;
    const parsed = hfText.parse(seed, { fileName: 'seed.txt', now: new Date('2026-01-09T00:00:00Z') });
    const first = planImport(db, parsed, hfText.label, 'seed', 'h1');
    commitImport(db, first, seed, 'seed.txt', '2026-01-09T00:00:00Z');

    const plan = planImport(db, parsed, hfText.label, 'seed', 'h2');
    const before = structuredClone(plan);
    const same = commitImport(db, plan, seed, 'seed.txt', '2026-01-09T00:00:00Z');
    expect(same).toMatchObject({ added: 0, merged: 29, rematched: false });
    expect(plan).toEqual(before);

    const stale = planImport(db, parsed, hfText.label, 'seed', 'h3');
    const side = new BetterSqlite3(path.join(core.dataDir, 'lectern.sqlite'));
    side.prepare("UPDATE paper SET title_key = 'moved elsewhere' WHERE id = 1").run();
    side.close();
    const again = commitImport(db, stale, seed, 'seed.txt', '2026-01-09T00:00:00Z');
    expect(again).toMatchObject({ added: 1, merged: 28, rematched: true });
    expect(stale.planned[0]!.match).toMatchObject({ paperId: 1 }); // what the plan saw, kept
    expect(again.matches[0]).toBeNull(); // what the commit found
  });

  it('one limit: the contract, the server and the CLI all stop at the same size, in the same words', () => {
    const text = contract.commitImport.input.options[0].shape.text;
    expect(text.maxLength).toBe(MAX_IMPORT_BYTES);
    expect(contract.previewImport.input.shape.text.maxLength).toBe(MAX_IMPORT_BYTES);
    // A file one byte over is refused before it is read (a sparse file: nothing is written to disk).
    const big = path.join(tempDir(), 'huge.txt');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, MAX_IMPORT_BYTES + 1);
    const r = lectern(['--library', tempDir(), 'import', big]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(`lectern: Cannot import ${big}: it is larger than 256 MB, the most Lectern imports at once. Nothing was imported.`);
  });
});
