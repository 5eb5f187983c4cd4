import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/main/core/backup/backup';
import { BACKUP_DIR, DAMAGED_DIR, listBackups, SUSPECT_MARKER } from '../../src/main/core/backup/files';
import { verifyDatabaseFile } from '../../src/main/core/backup/verify';
import { migrate } from '../../src/main/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { openDatabase } from '../../src/main/core/db/open';
import { prepareLibrary } from '../../src/main/core/health/startup';
import { localApi } from '../../src/main/core/local-api';
import { createCore } from '../../src/main/core/service';
import { readText, snapshot, testCore } from '../helpers/core';
import { damageHeader, damagePageOf } from '../helpers/damage';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

const NOW = () => new Date('2026-11-25T12:00:00Z');
const dbOf = (dir: string) => path.join(dir, 'lectern.sqlite');

/** A library with the seed digest, a backup of it, then a second digest imported after the backup. */
async function libraryWithBackup() {
  const t = testCore();
  await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
  await t.api.markPapers({ papers: { refs: ['1'] }, status: 'read' });
  const backup = await backupDatabase(t.core.db, t.dir, { reason: 'daily', now: new Date('2026-11-24T08:00:00Z') });
  const atBackup = snapshot(t.core);
  await t.api.commitImport({ text: readText(SEED_DIGEST).replace('Jan 8', 'Jan 9'), fileName: 'later.txt' });
  await t.api.markPapers({ papers: { refs: ['2'] }, status: 'read' });
  t.core.close();
  return { dir: t.dir, backup, atBackup };
}

describe('the check at start', () => {
  it('leaves a healthy library alone and says nothing', async () => {
    const { dir } = await libraryWithBackup();
    const before = fs.readdirSync(dir).sort();
    const r = await prepareLibrary(dir, { now: NOW });
    expect(r).toMatchObject({ notices: [], restored: null, preMigrationBackup: null, fullCheck: true });
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('sets a damaged library aside, restores the newest good backup, salvages later digests and tells the user', async () => {
    const { dir, backup, atBackup } = await libraryWithBackup();
    damagePageOf(dbOf(dir), 'paper_title');
    const damagedBytes = fs.readFileSync(dbOf(dir));
    const r = await prepareLibrary(dir, { now: NOW });
    expect(r.restored).toMatchObject({ from: backup.file });
    // Never deleted: the damaged file is byte for byte in damaged/.
    const aside = fs.readdirSync(path.join(dir, DAMAGED_DIR)).filter((f) => f.endsWith('.sqlite'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, DAMAGED_DIR, aside[0]!)).equals(damagedBytes)).toBe(true);
    // The library is the backup's content (migrations and notices aside).
    const core = createCore({ dataDir: dir, now: NOW });
    const now = snapshot(core);
    expect(now.papers).toEqual(atBackup.papers);
    expect(now.digests).toEqual(atBackup.digests);
    // The digest imported after the backup was read out of the damaged file, to import again.
    const recovered = path.join(dir, DAMAGED_DIR, aside[0]!.replace(/\.sqlite$/, '-recovered'));
    const files = fs.readdirSync(recovered);
    expect(files).toEqual(['digest-2-Daily-Papers-2026-01-09.txt']);
    expect(fs.readFileSync(path.join(recovered, files[0]!), 'utf8')).toBe(readText(SEED_DIGEST).replace('Jan 8', 'Jan 9'));
    // Told: in the report, and in the library for the app's banner.
    expect(r.notices).toHaveLength(1);
    const { notices } = await localApi(core).listNotices({});
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'warning', title: 'Your library was damaged and has been restored from a backup' });
    expect(notices[0]!.message).toContain('restored the newest good backup, taken 2026-11-24 08:00 UTC (29 papers in 1 digest)');
    expect(notices[0]!.message).toContain('1 digest was imported after the backup (“Daily Papers 2026-01-09”); its text was saved in');
    expect(notices[0]!.message).toContain(path.join(dir, DAMAGED_DIR));
    await localApi(core).dismissNotice({ id: notices[0]!.id });
    expect((await localApi(core).listNotices({})).notices).toEqual([]);
    core.close();
  });

  it('restores from the newest backup that passes the check, skipping a bad one', async () => {
    const { dir } = await libraryWithBackup();
    const core = createCore({ dataDir: dir });
    const newer = await backupDatabase(core.db, dir, { reason: 'manual', now: new Date('2026-11-25T08:00:00Z') });
    core.close();
    damagePageOf(newer.file, 'paper');
    damageHeader(dbOf(dir));
    const r = await prepareLibrary(dir, { now: NOW });
    expect(r.restored!.takenAt).toBe('2026-11-24T08:00:00.000Z');
    expect(r.notices[0]!.message).toContain('the file does not start with an SQLite header');
    expect(fs.existsSync(newer.file)).toBe(true); // a bad backup is reported by doctor, not deleted
  });

  it('refuses to start, moving and deleting nothing, when a damaged library has no good backup: never a silent empty library', async () => {
    const t = testCore();
    await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    t.core.close();
    damageHeader(dbOf(t.dir));
    const bytes = fs.readFileSync(dbOf(t.dir));
    await expect(prepareLibrary(t.dir, { now: NOW })).rejects.toMatchObject({
      code: 'LIBRARY_DAMAGED',
      message: expect.stringMatching(/is damaged \(the file does not start with an SQLite header.*\), and there is no good backup to restore\. Nothing was moved or deleted/),
    });
    expect(fs.readFileSync(dbOf(t.dir)).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(t.dir, DAMAGED_DIR))).toBe(false);
  });

  it('restores a library whose file went missing while its backups are there', async () => {
    const { dir, atBackup } = await libraryWithBackup();
    for (const f of fs.readdirSync(dir)) if (f.startsWith('lectern.sqlite')) fs.rmSync(path.join(dir, f));
    const r = await prepareLibrary(dir, { now: NOW });
    expect(r.notices[0]!.title).toBe('The library file was missing and has been restored from a backup');
    const core = createCore({ dataDir: dir });
    expect(snapshot(core).papers).toEqual(atBackup.papers);
    core.close();
  });

  it('checks a large library in full only when a process met damage in it (the marker)', async () => {
    const { dir } = await libraryWithBackup();
    damagePageOf(dbOf(dir), 'paper_title');
    // Too big for the full check at every start: the cheap check does not see an index page.
    expect((await prepareLibrary(dir, { now: NOW, fullCheckMaxBytes: 0 })).restored).toBeNull();
    // A query through the damaged index reports it, and leaves the marker.
    const core = createCore({ dataDir: dir });
    await expect(localApi(core).listPapers({ sort: 'title', limit: 50 })).rejects.toMatchObject({ code: 'LIBRARY_DAMAGED' });
    core.close();
    expect(fs.existsSync(path.join(dir, SUSPECT_MARKER))).toBe(true);
    const r = await prepareLibrary(dir, { now: NOW, fullCheckMaxBytes: 0 });
    expect(r.restored).not.toBeNull();
    expect(fs.existsSync(path.join(dir, SUSPECT_MARKER))).toBe(false);
  });

  it('backs up before a migration, then migrates', async () => {
    const dir = tempDir();
    const db = openDatabase(dir, { noMigrate: true });
    migrate(db, MIGRATIONS.filter((m) => m.version <= 1));
    db.close();
    const t = createCore({ dataDir: tempDir() }); // the import code, on a current library, to get real rows
    await localApi(t).commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    t.close();
    const old = new BetterSqlite3(dbOf(dir));
    old.exec(`ATTACH '${dbOf(t.dataDir)}' AS src; INSERT INTO paper SELECT id, arxiv_id, arxiv_version, doi, title, title_key, abstract, authors, author_count, published, upvotes, links, categories, status, status_changed_at, read_at, pdf_state, added_at, last_digest_id, digest_count FROM src.paper; INSERT INTO digest SELECT * FROM src.digest; INSERT INTO paper_digest SELECT * FROM src.paper_digest; DETACH src`);
    old.close();

    const r = await prepareLibrary(dir, { now: NOW });
    expect(r.migratedFrom).toBe(1);
    expect(r.preMigrationBackup).toMatchObject({ reason: 'pre-migration-v1', papers: 29 });
    expect(verifyDatabaseFile(r.preMigrationBackup!.file)).toMatchObject({ ok: true, schemaVersion: 1, papers: 29 });
    const now = openDatabase(dir);
    expect(now.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(now.prepare('SELECT count(*) FROM paper').pluck().get()).toBe(29);
    now.close();
  });

  it('does not migrate when the backup before it cannot be made, and says why', async () => {
    const dir = tempDir();
    const db = openDatabase(dir, { noMigrate: true });
    migrate(db, MIGRATIONS.filter((m) => m.version <= 1));
    db.close();
    fs.writeFileSync(path.join(dir, BACKUP_DIR), 'a file where the backups folder should be');
    await expect(prepareLibrary(dir, { now: NOW })).rejects.toMatchObject({ message: expect.stringMatching(new RegExp(`must upgrade the library \\(schema 1 to ${SCHEMA_VERSION}\\) and backs it up first, but the backup failed.*The library was not changed\\.`, 's')) });
    const after = new BetterSqlite3(dbOf(dir), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(1);
    after.close();
    expect(listBackups(dir)).toEqual([]);
  });
});
