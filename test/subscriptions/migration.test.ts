import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/core/db/migrate';
import { MIGRATIONS } from '../../src/main/core/db/migrations';
import { openDatabase } from '../../src/main/core/db/open';
import { parseHfText } from '../../src/main/core/import/formats/hf-text';
import { removePapers, undo } from '../../src/main/core/library/bulk';
import { undoable } from '../../src/main/core/library/undo';
import { deleteDigest } from '../../src/main/core/library/digests';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { listPapers } from '../../src/main/core/library/papers';
import { indexAll } from '../../src/main/core/search/fts';
import { readText } from '../helpers/core';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

const VERSION = MIGRATIONS.find((m) => m.name === 'subscriptions')!.version;

describe(`migration ${VERSION} (subscriptions and the interest model)`, () => {
  it('keeps every paper, digest, link and search entry of the previous version; papers start without a score', () => {
    const previous = MIGRATIONS.filter((m) => m.version < VERSION).at(-1)!.version;
    const db = openDatabase(tempDir(), { noMigrate: true });
    expect(migrate(db, MIGRATIONS, previous)).toBe(previous);
    const raw = readText(SEED_DIGEST);
    commitImport(db, planImport(db, parseHfText(raw, { fileName: 'seed.txt', now: new Date('2026-01-09T00:00:00Z') }), 'Daily Papers page', 'seed', 'h1'), raw, 'seed.txt', '2026-01-09T08:00:00.000Z');
    indexAll(db);
    db.prepare("UPDATE paper SET status = 'read', status_changed_at = '2026-01-10T00:00:00.000Z', read_at = '2026-01-10T00:00:00.000Z', starred = 1 WHERE id = 2").run();
    const dump = () => ({
      papers: db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[],
      digests: db.prepare('SELECT * FROM digest ORDER BY id').all(),
      links: db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all(),
      search: db.prepare("SELECT rowid FROM paper_fts WHERE paper_fts MATCH 'pacemaker OR sparse'").pluck().all(),
    });
    const before = dump();
    expect(before.papers).toHaveLength(29);

    expect(migrate(db, MIGRATIONS, VERSION)).toBe(VERSION);
    const after = dump();
    expect({ ...after, papers: null }).toEqual({ ...before, papers: null });
    after.papers.forEach((row, i) => {
      for (const [k, v] of Object.entries(before.papers[i]!)) expect(row[k], k).toEqual(v);
      expect(row).toMatchObject({ interest: null, interest_rank: null, interest_because: null });
    });
    // Every unread paper waits to be scored (the partial index finds them).
    expect(db.prepare("SELECT count(*) FROM paper INDEXED BY paper_unscored WHERE status = 'unread' AND interest_rank IS NULL").pluck().get()).toBe(28);
    for (const t of ['subscription', 'subscription_run', 'subscription_request', 'setting', 'interest_signal', 'interest_removed', 'interest_model']) {
      expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    }
    migrate(db);
    expect(listPapers(db, { search: 'pacemaker', offset: 0, limit: 10 }).rows).toHaveLength(1);
    db.close();
  });

  it('a paper removed unread is remembered as a "no" (undo takes it back); deleting a digest says nothing about its papers', () => {
    const db = openDatabase(tempDir());
    const raw = readText(SEED_DIGEST);
    const now = new Date('2026-01-09T08:00:00.000Z');
    const d1 = commitImport(db, planImport(db, parseHfText(raw, { fileName: 'seed.txt', now }), 'page', 'seed', 'h1'), raw, 'seed.txt', now.toISOString()).digestId;
    db.prepare("UPDATE paper SET status = 'read' WHERE id = 3").run();
    const r = undoable(db, () => now, 'remove', (_i, u) => removePapers(db, u))({ papers: { refs: [], ids: [1, 2, 3], except: [] } });
    expect(r.changed).toBe(3);
    const removed = () => db.prepare('SELECT paper_id, title FROM interest_removed ORDER BY paper_id').all() as { paper_id: number; title: string }[];
    expect(removed().map((x) => x.paper_id)).toEqual([1, 2]); // paper 3 was read: not a "no"
    expect(removed()[0]!.title).toMatch(/radiology-specialised/);
    undo(db, r.undoId!);
    expect(removed()).toEqual([]);

    deleteDigest(db, d1, false);
    expect(db.prepare('SELECT count(*) FROM paper').pluck().get()).toBe(0);
    expect(removed()).toEqual([]);
    db.close();
  });
});
