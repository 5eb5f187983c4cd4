import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/main/core/backup/backup';
import { migrate } from '../../src/main/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { openDatabase } from '../../src/main/core/db/open';
import { describeDoctor, runDoctor } from '../../src/main/core/health/doctor';
import { readText, testCore } from '../helpers/core';
import { damagePageOf } from '../helpers/damage';
import { CORPUS, SEED_DIGEST, tempDir } from '../helpers/paths';

const NOW = new Date('2026-11-25T12:00:00Z');

async function library() {
  const t = testCore();
  await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
  return t;
}

const check = (r: ReturnType<typeof runDoctor>, id: string) => r.checks.find((c) => c.id === id)!;

describe('lectern doctor', () => {
  it('finds a healthy library in order, and says the PDF checks wait for a PDF table', async () => {
    const { core, dir } = await library();
    await backupDatabase(core.db, dir, { reason: 'daily', now: new Date('2026-11-25T06:00:00Z') });
    const r = runDoctor(dir, { now: NOW });
    expect(r.ok).toBe(true);
    expect(check(r, 'database')).toMatchObject({ status: 'ok', summary: `lectern.sqlite, ${check(r, 'database').summary.split(', ')[1]}, schema ${SCHEMA_VERSION} (this Lectern: ${SCHEMA_VERSION}), integrity ok, 29 papers in 1 digest` });
    expect(check(r, 'search-index')).toMatchObject({ status: 'ok', summary: 'consistent with the papers, all indexed' });
    expect(check(r, 'backups')).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^1 in backups\/, 1 pass the integrity check; newest 2026-11-25 06:00 UTC \(6 h ago\)$/) });
    expect(check(r, 'pdf-files')).toMatchObject({ status: 'ok' });
    expect(check(r, 'library-folder')).toMatchObject({ status: 'ok' });
    expect(describeDoctor(r)).toMatch(/Everything is in order\.$/);
    core.close();
  });

  it('reports damage, bad backups, old backups, files set aside and stray files — changing nothing', async () => {
    const { core, dir } = await library();
    const b = await backupDatabase(core.db, dir, { reason: 'daily', now: new Date('2026-11-20T06:00:00Z') });
    core.close();
    damagePageOf(b.file, 'paper');
    damagePageOf(path.join(dir, 'lectern.sqlite'), 'paper_title');
    fs.mkdirSync(path.join(dir, 'damaged'));
    fs.writeFileSync(path.join(dir, 'damaged', 'lectern-2026-11-01-000000000Z.sqlite'), 'old');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    // Everything but the shared-memory index (-shm, which every reader touches) stays byte for byte.
    const files = () => new Map(fs.readdirSync(dir).filter((f) => !f.endsWith('-shm') && fs.statSync(path.join(dir, f)).isFile()).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
    const before = files();
    const r = runDoctor(dir, { now: NOW });
    expect(r.ok).toBe(false);
    expect(check(r, 'database')).toMatchObject({ status: 'error', summary: expect.stringMatching(/is damaged: SQLite's integrity check failed/) });
    expect(check(r, 'backups').status).toBe('error');
    expect(check(r, 'backups').details.join('\n')).toMatch(/more than two days old[\s\S]*BAD lectern-2026-11-20T060000000Z-daily\.sqlite/);
    expect(check(r, 'damaged')).toMatchObject({ status: 'warning', details: ['lectern-2026-11-01-000000000Z.sqlite'] });
    expect(check(r, 'library-folder')).toMatchObject({ status: 'warning', details: ['notes.txt'] });
    expect(describeDoctor(r)).toMatch(/✗ Database: .*damaged/);
    expect(files()).toEqual(before);
  });

  it('checks the PDFs paper_file lists: missing, cut off, not a PDF, outside the folder, unlisted', async () => {
    const { core, dir } = await library();
    fs.mkdirSync(path.join(dir, 'pdfs'));
    const real = path.join(CORPUS, 'pdf', 'arxiv-1111.2011v2-2012-pdftex.pdf');
    const good = fs.readFileSync(real);
    fs.writeFileSync(path.join(dir, 'pdfs', 'good.pdf'), good);
    fs.writeFileSync(path.join(dir, 'pdfs', 'cut.pdf'), good.subarray(0, good.length - 4096));
    fs.writeFileSync(path.join(dir, 'pdfs', 'error.pdf'), '<html><body>429 Too Many Requests</body></html>'.padEnd(400, ' '));
    fs.writeFileSync(path.join(dir, 'pdfs', 'orphan.pdf'), good);
    const add = core.db.prepare("INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, added_at) VALUES (?, ?, ?, '', 'now')");
    add.run(1, 'pdfs/good.pdf', good.length);
    add.run(2, 'pdfs/cut.pdf', good.length - 4096);
    add.run(3, 'pdfs/error.pdf', 400);
    add.run(4, 'pdfs/gone.pdf', 1000);
    add.run(5, '../../etc/passwd', 0);
    core.db.prepare("UPDATE paper SET pdf_state = 'downloaded' WHERE id IN (1, 6)").run();
    const r = runDoctor(dir, { now: NOW });
    const pdf = check(r, 'pdf-files');
    expect(pdf).toMatchObject({ status: 'error', summary: '5 listed in paper_file, 1 present and valid, 4 missing or invalid' });
    expect(pdf.details).toEqual([
      '../../etc/passwd (paper #5): it points outside the library folder',
      'pdfs/cut.pdf (paper #2): it is incomplete (no "%%EOF" at its end)',
      'pdfs/error.pdf (paper #3): it is an HTML page, not a PDF (perhaps a login, captcha or error page saved in its place)',
      'pdfs/gone.pdf (paper #4): the file is missing',
      '1 paper marked downloaded but no file is listed for it (first: #6)',
    ]);
    expect(check(r, 'library-folder')).toMatchObject({ status: 'warning', details: ['pdfs/orphan.pdf'] });
    core.close();
  });

  it('says it did not check the PDFs of a library from before paper_file, which the next start upgrades', () => {
    const dir = tempDir();
    const db = openDatabase(dir, { noMigrate: true });
    migrate(db, MIGRATIONS, 2);
    db.close();
    const r = runDoctor(dir, { now: NOW });
    expect(check(r, 'pdf-files')).toMatchObject({ status: 'skipped', summary: 'not checked: this library (schema 2) records no PDF files yet; it is upgraded at the next start' });
  });
});
