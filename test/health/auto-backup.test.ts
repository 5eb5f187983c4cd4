import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/main/core/backup/backup';
import { listBackups, SUSPECT_MARKER } from '../../src/main/core/backup/files';
import { localApi } from '../../src/main/core/local-api';
import { createCore } from '../../src/main/core/service';
import { readText } from '../helpers/core';
import { damagePageOf } from '../helpers/damage';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

const at = (iso: string) => () => new Date(iso);

describe('the daily backup of the app and the server', () => {
  it('backs up at start when the newest backup is a day old, and not again the same day', async () => {
    const dir = tempDir();
    const first = createCore({ dataDir: dir, now: at('2026-11-25T08:00:00Z'), autoBackup: { delayMs: 0 } });
    expect(await first.autoBackup!.idle()).toBeNull(); // an empty library has nothing to back up
    await localApi(first).commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    first.close();

    const second = createCore({ dataDir: dir, now: at('2026-11-25T09:00:00Z'), autoBackup: { delayMs: 0 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(await second.autoBackup!.idle()).toMatchObject({ reason: 'daily', papers: 29 });
    second.close();

    const third = createCore({ dataDir: dir, now: at('2026-11-26T08:59:00Z'), autoBackup: { delayMs: 0 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(await third.autoBackup!.idle()).toBeNull();
    third.close();

    const fourth = createCore({ dataDir: dir, now: at('2026-11-26T09:00:00Z'), autoBackup: { delayMs: 0 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(await fourth.autoBackup!.idle()).toMatchObject({ reason: 'daily' });
    fourth.close();
    expect(listBackups(dir).map((b) => b.takenAt)).toEqual(['2026-11-26T09:00:00.000Z', '2026-11-25T09:00:00.000Z']);
  });

  it('tells the user, and marks the library for a full check at next start, when the copy shows damage', async () => {
    const dir = tempDir();
    const c = createCore({ dataDir: dir, now: at('2026-11-24T08:00:00Z') });
    await localApi(c).commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    await backupDatabase(c.db, dir, { reason: 'daily', now: new Date('2026-11-24T08:00:00Z') });
    c.close();
    damagePageOf(path.join(dir, 'lectern.sqlite'), 'paper_upvotes');
    const core = createCore({ dataDir: dir, now: at('2026-11-25T09:00:00Z'), autoBackup: { delayMs: 0 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(await core.autoBackup!.idle()).toBeNull();
    expect(listBackups(dir)).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, SUSPECT_MARKER))).toBe(true);
    const { notices } = await localApi(core).listNotices({});
    expect(notices[0]).toMatchObject({ level: 'error', title: 'The library file is damaged' });
    expect(notices[0]!.message).toMatch(/Quit Lectern and start it again: it will set the damaged file aside and restore your newest good backup/);
    core.close();
  });

  it('stops cleanly when the library is closed in the middle of a backup', async () => {
    const dir = tempDir();
    const c = createCore({ dataDir: dir, now: at('2026-11-25T09:00:00Z'), autoBackup: { delayMs: 0 } });
    await localApi(c).commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    c.close();
    const core = createCore({ dataDir: dir, now: at('2026-11-25T09:00:00Z'), autoBackup: { delayMs: 0 } });
    await new Promise((r) => setImmediate(r));
    core.close();
    await core.autoBackup!.idle();
    const left = fs.existsSync(path.join(dir, 'backups')) ? fs.readdirSync(path.join(dir, 'backups')) : [];
    // Either it finished before the close, or nothing (no temporary copy, no lock) is left.
    expect(left.filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
