import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { openDatabase } from '../../src/main/core/db/open';
import { parseHfText } from '../../src/main/core/import/formats/hf-text';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { getPaper, listPapers } from '../../src/main/core/library/papers';
import { readText } from '../helpers/core';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

describe('migration 010 (works: Crossref, aliases, retractions, host pacing)', () => {
  it('keeps every row of a version-9 library as it was; the new columns start empty and the new tables empty', () => {
    const db = openDatabase(tempDir(), { noMigrate: true });
    migrate(db, MIGRATIONS, 9);
    const text = readText(SEED_DIGEST);
    const parsed = parseHfText(text, { fileName: 'seed.txt', now: new Date('2026-01-09T08:00:00.000Z') });
    commitImport(db, planImport(db, parsed, 'Hugging Face Daily Papers (text)', 'seed', 'hash'), text, 'seed.txt', '2026-01-09T08:00:00.000Z');
    db.prepare("UPDATE paper SET doi = '10.1103/physrevb.89.140501', status = 'read', starred = 1, resolve_state = 'enriched' WHERE id = 2").run();
    db.prepare("INSERT INTO arxiv_state (id) VALUES (1) ON CONFLICT DO NOTHING").run();
    const before = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    const links = db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all();
    expect(before.length).toBeGreaterThan(20);

    expect(migrate(db, MIGRATIONS, 10)).toBe(10);
    const after = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    const added = { venue: null, venue_year: null, work_type: null, preprint_server: null, retraction: null, crossref_state: null, crossref_note: null, crossref_attempts: 0, crossref_at: null };
    expect(after).toEqual(before.map((r) => ({ ...r, ...added })));
    expect(db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all()).toEqual(links);
    expect(db.prepare('SELECT count(*) FROM paper_alias').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM host_state').pluck().get()).toBe(0);
    expect(getPaper(db, '2')).toMatchObject({ doi: '10.1103/physrevb.89.140501', status: 'read', starred: true, retracted: false, retraction: null, publishedIn: null, otherIds: [] });
    expect(listPapers(db, { limit: 5, offset: 0, retracted: true } as never).total).toBe(0);
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    db.close();
  });
});
