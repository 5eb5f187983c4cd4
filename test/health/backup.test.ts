import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase, KEEP } from '../../src/main/core/backup/backup';
import { BACKUP_DIR, listBackups } from '../../src/main/core/backup/files';
import { acquireLock } from '../../src/main/core/backup/lock';
import { verifyDatabaseFile, verifyInWorker } from '../../src/main/core/backup/verify';
import { SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { createCore } from '../../src/main/core/service';
import { readText, snapshot, testCore } from '../helpers/core';
import { damagePageOf } from '../helpers/damage';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

async function seeded() {
  const t = testCore();
  await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
  return t;
}

const rows = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  const out = {
    papers: db.prepare('SELECT * FROM paper ORDER BY id').all(),
    digests: db.prepare('SELECT * FROM digest ORDER BY id').all(),
    links: db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all(),
    meta: db.prepare('SELECT * FROM meta ORDER BY key').all(),
    journal: db.pragma('journal_mode', { simple: true }),
  };
  db.close();
  return out;
};

describe('backups', () => {
  it('are verified copies under a name that sorts by time, self-contained, with nothing left behind', async () => {
    const { core, dir } = await seeded();
    const b = await backupDatabase(core.db, dir, { reason: 'manual', now: new Date('2026-11-25T12:00:00.123Z') });
    expect(b.name).toBe('lectern-2026-11-25T120000123Z-manual.sqlite');
    expect(b).toMatchObject({ papers: 29, digests: 1, reason: 'manual', takenAt: '2026-11-25T12:00:00.123Z', removed: [] });
    expect(fs.readdirSync(path.join(dir, BACKUP_DIR))).toEqual([b.name]);
    const copy = rows(b.file);
    expect(copy.journal).toBe('delete'); // one file: no -wal needed to read it
    const { journal: _j, ...data } = copy;
    expect(data).toEqual(snapshot(core));
    expect(verifyDatabaseFile(b.file)).toMatchObject({ ok: true, papers: 29, schemaVersion: SCHEMA_VERSION });
    core.close();
  });

  it('copy a library that is being written to, consistently', async () => {
    const { core, api, dir } = await seeded();
    const pending = backupDatabase(core.db, dir, { reason: 'manual', now: new Date('2026-11-25T12:00:00Z') });
    await api.markPapers({ papers: { refs: ['1', '2', '3'] }, status: 'read' });
    const b = await pending;
    const v = verifyDatabaseFile(b.file);
    expect(v.ok).toBe(true);
    expect(v.papers).toBe(29);
    core.close();
  });

  it('keep a bounded number: the newest routine ones and the newest pre-migration ones', async () => {
    const { core, dir } = await seeded();
    const at = (d: number) => new Date(Date.UTC(2026, 10, d, 3));
    for (let d = 1; d <= 4; d++) await backupDatabase(core.db, dir, { reason: 'pre-migration-v1', now: at(d) });
    let last;
    for (let d = 5; d <= 5 + KEEP.routine + 2; d++) last = await backupDatabase(core.db, dir, { reason: d % 2 ? 'daily' : 'manual', now: at(d) });
    const left = listBackups(dir);
    expect(left.filter((b) => b.reason.startsWith('pre-migration')).map((b) => b.takenAt.slice(8, 10))).toEqual(['04', '03', '02']);
    const routine = left.filter((b) => !b.reason.startsWith('pre-migration'));
    expect(routine).toHaveLength(KEEP.routine);
    expect(routine[0]!.file).toBe(last!.file);
    expect(last!.removed).toHaveLength(1);
    // Files not named by Lectern are never touched.
    fs.writeFileSync(path.join(dir, BACKUP_DIR, 'my-own-copy.sqlite'), 'x');
    await backupDatabase(core.db, dir, { reason: 'daily', now: at(20) });
    expect(fs.existsSync(path.join(dir, BACKUP_DIR, 'my-own-copy.sqlite'))).toBe(true);
    core.close();
  });

  it('never run two at once on one library, in one process or several', async () => {
    const { core, dir } = await seeded();
    const a = backupDatabase(core.db, dir, { reason: 'manual', now: new Date('2026-11-25T12:00:00Z') });
    await expect(backupDatabase(core.db, dir, { reason: 'daily', now: new Date('2026-11-25T12:00:01Z') })).rejects.toMatchObject({
      code: 'LIBRARY_BUSY',
      message: expect.stringMatching(/Another backup of this library is running in process \d+ \(manual backup/),
    });
    const waited = backupDatabase(core.db, dir, { reason: 'daily', now: new Date('2026-11-25T12:00:02Z'), waitMs: 30_000 });
    await a;
    await waited;
    expect(listBackups(dir)).toHaveLength(2);
    // A lock left by a process that died (SIGKILL mid-backup) is taken over.
    fs.writeFileSync(path.join(dir, BACKUP_DIR, '.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: new Date().toISOString(), what: 'daily backup' }));
    await backupDatabase(core.db, dir, { reason: 'manual', now: new Date('2026-11-25T13:00:00Z') });
    expect(fs.existsSync(path.join(dir, BACKUP_DIR, '.lock'))).toBe(false);
    core.close();
  });

  it('clean up a copy left half-written by a killed backup, and never give it a backup name', async () => {
    const { core, dir } = await seeded();
    fs.mkdirSync(path.join(dir, BACKUP_DIR));
    const leftover = path.join(dir, BACKUP_DIR, '.lectern-2026-11-25T100000000Z-daily.sqlite.tmp');
    fs.writeFileSync(leftover, 'half a copy');
    expect(listBackups(dir)).toEqual([]);
    await backupDatabase(core.db, dir, { reason: 'manual', now: new Date('2026-11-25T12:00:00Z') });
    expect(fs.existsSync(leftover)).toBe(false);
    core.close();
  });

  it('refuse a copy that fails the integrity check, keeping the existing backups as they are', async () => {
    const { core, dir } = await seeded();
    const good = await backupDatabase(core.db, dir, { reason: 'daily', now: new Date('2026-11-24T12:00:00Z') });
    const goodBytes = fs.readFileSync(good.file);
    core.close();
    damagePageOf(path.join(dir, 'lectern.sqlite'), 'paper_title');
    const again = createCore({ dataDir: dir });
    await expect(backupDatabase(again.db, dir, { reason: 'manual', now: new Date('2026-11-25T12:00:00Z') })).rejects.toMatchObject({
      code: 'LIBRARY_DAMAGED',
      message: expect.stringMatching(/fails SQLite's integrity check .*The existing backups were kept/),
    });
    expect(fs.readdirSync(path.join(dir, BACKUP_DIR))).toEqual([good.name]);
    expect(fs.readFileSync(good.file).equals(goodBytes)).toBe(true);
    again.close();
  });

  it('can be checked on a worker thread with the same verdict', async () => {
    const { core, dir } = await seeded();
    const b = await backupDatabase(core.db, dir, { reason: 'manual', now: new Date('2026-11-25T12:00:00Z'), verifyOnWorker: true });
    expect(await verifyInWorker(b.file)).toEqual(verifyDatabaseFile(b.file));
    core.close();
    const bad = path.join(tempDir(), 'bad.sqlite');
    fs.copyFileSync(b.file, bad);
    damagePageOf(bad, 'paper_title');
    const inline = verifyDatabaseFile(bad);
    expect(inline.ok).toBe(false);
    expect(await verifyInWorker(bad)).toEqual(inline);
    expect(await verifyInWorker(path.join(tempDir(), 'absent.sqlite'))).toMatchObject({ ok: false });
  });

  it('lock files are exclusive across callers', async () => {
    const dir = tempDir();
    const a = await acquireLock(dir, 'first');
    await expect(acquireLock(dir, 'second')).rejects.toMatchObject({ code: 'LIBRARY_BUSY' });
    a.release();
    (await acquireLock(dir, 'third')).release();
  });
});
