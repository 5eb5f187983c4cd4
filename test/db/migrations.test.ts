import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase, DB_FILE } from '../../src/main/core/db/open';
import { migrate, schemaVersion } from '../../src/main/core/db/migrate';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/core/db/migrations';
import { saveReadingPosition } from '../../src/main/core/reader/position';
import { LecternError } from '../../src/shared/errors';
import { parseHfText } from '../../src/main/core/import/formats/hf-text';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { getPaper, listPapers } from '../../src/main/core/library/papers';
import { writeStatus } from '../helpers/status';
import { indexAll } from '../../src/main/core/search/fts';
import { readText } from '../helpers/core';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

describe('migrations', () => {
  it('create a library from an empty folder, in WAL mode with foreign keys on', () => {
    const dir = path.join(tempDir(), 'new', 'library');
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['digest', 'meta', 'paper', 'paper_digest', 'paper_fts']));
    db.close();
  });

  it('from an existing empty SQLite file', () => {
    const dir = tempDir();
    new BetterSqlite3(path.join(dir, DB_FILE)).close();
    expect(fs.statSync(path.join(dir, DB_FILE)).size).toBe(0);
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('run once even when applied twice', () => {
    const db = openDatabase(tempDir());
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT count(*) FROM meta').pluck().get()).toBe(2);
    db.close();
  });

  it('leave a current library alone: checked without any write (a read-only connection will do)', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const ro = new BetterSqlite3(path.join(dir, DB_FILE), { readonly: true });
    expect(migrate(ro)).toBe(SCHEMA_VERSION);
    ro.close();
  });

  it('roll back a migration that fails midway, leaving the previous version', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, name: 'broken', up: (d: BetterSqlite3.Database) => {
      d.exec('CREATE TABLE half_done (x)');
      d.exec('THIS IS NOT SQL');
    } }];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    db.close();
  });

  it('refuse a library written by a newer Lectern, without changing it', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const raw = new BetterSqlite3(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const before = fs.readFileSync(path.join(dir, DB_FILE));
    let err: unknown;
    try {
      openDatabase(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LecternError);
    expect((err as LecternError).code).toBe('LIBRARY_TOO_NEW');
    expect((err as LecternError).message).toMatch(/newer Lectern/);
    expect(fs.readFileSync(path.join(dir, DB_FILE)).equals(before)).toBe(true);
  });

  it('002 (downloads) keeps every row of a version-1 library as it was, with no PDF and no lookup yet', () => {
    const db = openDatabase(tempDir(), { noMigrate: true });
    expect(migrate(db, MIGRATIONS, 1)).toBe(1);
    // Real rows, written by the version-1 code: the seed digest, three papers marked.
    const text = readText(SEED_DIGEST);
    const parsed = parseHfText(text, { fileName: 'seed.txt', now: new Date('2026-11-25T12:00:00Z') });
    commitImport(db, planImport(db, parsed, 'Daily Papers', 'seed', 'hash-1'), text, 'seed.txt', '2026-11-25T12:00:00Z');
    writeStatus(db, [1, 2, 3], 'read', '2026-11-26T09:00:00Z');
    indexAll(db);
    const papers = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    const rest = (t: string) => db.prepare(`SELECT * FROM ${t}`).all();
    const others = { digest: rest('digest'), paper_digest: rest('paper_digest'), meta: rest('meta') };

    expect(migrate(db, MIGRATIONS, 2)).toBe(2);
    const after = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    expect(after).toHaveLength(29);
    after.forEach((row, i) => {
      for (const [k, v] of Object.entries(papers[i]!)) expect(row[k], k).toEqual(v);
      expect(row).toMatchObject({ pdf_state: 'none', pdf_path: null, pdf_error: null, resolve_state: null, resolve_attempts: 0, enriched_at: null });
    });
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect({ digest: rest('digest'), paper_digest: rest('paper_digest'), meta: rest('meta') }).toEqual(others);
    expect(db.prepare('SELECT count(*) FROM download_job').pluck().get()).toBe(0);
    expect(db.prepare('SELECT worker, last_request_end, blocked_at, batch_total FROM arxiv_state').all()).toEqual([{ worker: null, last_request_end: 0, blocked_at: null, batch_total: 0 }]);
    expect(getPaper(db, '2')).toMatchObject({ status: 'read', pdf: 'none', pdfPath: null, pdfProgress: null, resolveState: null });
    const page = listPapers(db, { search: 'pacemaker', pdfStates: ['none'], offset: 0, limit: 10 });
    expect(page.rows.map((r) => r.title)).toEqual(['Insights into a radiology-specialised multimodal large language model with sparse autoencoders']);
    db.close();
  });
});

describe('migration 003 (the reader)', () => {
  it('keeps every paper, digest, link and search entry of the previous version, and adds its tables empty', () => {
    const previous = MIGRATIONS.filter((m) => m.version < 3).at(-1)!.version;
    const db = openDatabase(tempDir(), { noMigrate: true });
    expect(migrate(db, MIGRATIONS, previous)).toBe(previous);
    // Real rows, written the way that version writes them.
    const raw = readText(SEED_DIGEST);
    const plan = planImport(db, parseHfText(raw, { fileName: 'seed.txt', now: new Date('2026-01-09T00:00:00Z') }), 'Daily Papers page', 'seed', 'hash-1');
    commitImport(db, plan, raw, 'seed.txt', '2026-01-09T08:00:00.000Z');
    indexAll(db);
    db.prepare("UPDATE paper SET status = 'read', status_changed_at = '2026-01-10T00:00:00.000Z', read_at = '2026-01-10T00:00:00.000Z' WHERE id = 2").run();
    const dump = () => ({
      papers: db.prepare('SELECT * FROM paper ORDER BY id').all(),
      digests: db.prepare('SELECT * FROM digest ORDER BY id').all(),
      links: db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all(),
      meta: db.prepare("SELECT * FROM meta WHERE key <> 'revision' ORDER BY key").all(),
      search: db.prepare("SELECT rowid FROM paper_fts WHERE paper_fts MATCH 'pacemaker OR sparse'").pluck().all(),
    });
    const before = dump();
    expect(before.papers).toHaveLength(29);
    expect(before.search.length).toBeGreaterThan(0);

    expect(migrate(db, MIGRATIONS, 3)).toBe(3);
    expect(dump()).toEqual(before);
    for (const t of ['paper_file', 'reader_position', 'reader_setting', 'fulltext_state', 'fulltext_fts']) {
      expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    }
    // The old rows work with the new queries, once the library is at the current version (as
    // the app and the CLI always bring it before querying).
    migrate(db);
    const page = listPapers(db, { search: 'pacemaker', offset: 0, limit: 10 });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ progress: null, textMatch: null });
    expect(getPaper(db, '2')).toMatchObject({ status: 'read', readAt: '2026-01-10T00:00:00.000Z', progress: null });
    expect(saveReadingPosition(db, { paperId: 1, page: 2, offset: 0, zoom: 'page-width', pageCount: 4, seenPage: 2 }, '2026-01-11T00:00:00.000Z')).toMatchObject({ status: 'reading', progress: 50 });
    db.close();
  });
});

describe('migration 005 (cite keys, notices)', () => {
  it('migrates a version-1 library with real rows, keeping every row and column as it was', () => {
    const dir = tempDir();
    const db = openDatabase(dir, { noMigrate: true });
    migrate(db, MIGRATIONS.filter((m) => m.version <= 1));
    expect(schemaVersion(db)).toBe(1);
    const text = fs.readFileSync(SEED_DIGEST, 'utf8');
    const parsed = parseHfText(text, { fileName: 'seed.txt', now: new Date('2026-11-25T12:00:00Z') });
    commitImport(db, planImport(db, parsed, 'HF', 'seed', 'hash'), text, 'seed.txt', '2026-11-25T12:00:00.000Z');
    db.prepare("UPDATE paper SET status = 'read', read_at = '2026-11-25T13:00:00.000Z' WHERE id IN (2, 5)").run();
    const before = {
      papers: db.prepare('SELECT * FROM paper ORDER BY id').all(),
      digests: db.prepare('SELECT * FROM digest ORDER BY id').all(),
      links: db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all(),
      meta: db.prepare('SELECT * FROM meta ORDER BY key').all(),
    };
    expect(before.papers).toHaveLength(29);

    expect(migrate(db)).toBe(SCHEMA_VERSION);
    // Every column the rows had keeps its value (later migrations may add columns of their own).
    const papers = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    for (const p of papers) expect(p.cite_key).toBeNull();
    const old = before.papers as Record<string, unknown>[];
    expect(papers.map((p, i) => Object.fromEntries(Object.keys(old[i]!).map((k) => [k, p[k]])))).toEqual(old);
    expect(db.prepare('SELECT * FROM digest ORDER BY id').all()).toEqual(before.digests);
    expect(db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all()).toEqual(before.links);
    // Later migrations may rebuild the search index (006 adds a prefix index), which moves its
    // watermark; every other meta value stays.
    const meta = (rows: unknown[]) => (rows as { key: string }[]).filter((r) => r.key !== 'fts_indexed_upto');
    expect(meta(db.prepare('SELECT * FROM meta ORDER BY key').all())).toEqual(meta(before.meta));
    // The new pieces work: keys are unique regardless of case, notices take rows.
    db.prepare("UPDATE paper SET cite_key = 'smith2025deep' WHERE id = 1").run();
    expect(() => db.prepare("UPDATE paper SET cite_key = 'Smith2025Deep' WHERE id = 2").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO notice (level, title, message, created_at) VALUES ('warning', 't', 'm', '2026-11-25')").run();
    expect(() => db.prepare("INSERT INTO notice (level, title, message, created_at) VALUES ('loud', 't', 'm', 'x')").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 006 (tags, stars, notes, status history, views, undo)', () => {
  it('migrates a library of real rows from the previous version, keeping every row and backfilling the history', async () => {
    const { parseHfText } = await import('../../src/main/core/import/formats/hf-text');
    const { commitImport, planImport } = await import('../../src/main/core/library/import');
    const { indexAll } = await import('../../src/main/core/search/fts');
    const { SEED_DIGEST } = await import('../helpers/paths');
    const previous = MIGRATIONS.filter((m) => m.version < 6).at(-1)!.version;

    // A library as the previous version wrote it: the seed page imported, three papers read.
    const dir = tempDir();
    const db = openDatabase(dir, { noMigrate: true });
    migrate(db, MIGRATIONS, previous);
    expect(schemaVersion(db)).toBe(previous);
    const text = fs.readFileSync(SEED_DIGEST, 'utf8');
    const parsed = parseHfText(text, { fileName: 'seed.txt', now: new Date('2026-01-09T08:00:00Z') });
    commitImport(db, planImport(db, parsed, 'Hugging Face Daily Papers (text)', 'seed', 'hash'), text, 'seed.txt', '2026-01-09T08:00:00.000Z');
    indexAll(db);
    writeStatus(db, [1, 2, 3], 'read', '2026-01-10T09:00:00.000Z');
    writeStatus(db, [4], 'reading', '2026-01-11T09:00:00.000Z');
    const papersBefore = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    const linksBefore = db.prepare('SELECT * FROM paper_digest ORDER BY paper_id').all();
    const digestsBefore = db.prepare('SELECT * FROM digest').all();

    migrate(db, MIGRATIONS, 6);
    expect(schemaVersion(db)).toBe(6);
    const papersAfter = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    expect(papersAfter).toHaveLength(29);
    papersAfter.forEach((p, i) => {
      expect(p).toMatchObject(papersBefore[i]!);
      expect(p).toMatchObject({ starred: 0, note: null, note_updated_at: null, tag_key: null });
    });
    expect(db.prepare('SELECT * FROM paper_digest ORDER BY paper_id').all()).toEqual(linksBefore);
    expect(db.prepare('SELECT * FROM digest').all()).toEqual(digestsBefore);
    // The history starts from what each paper's status is now.
    expect(db.prepare('SELECT paper_id, at, from_status, to_status FROM status_event ORDER BY paper_id').all()).toEqual([
      { paper_id: 1, at: '2026-01-10T09:00:00.000Z', from_status: 'unread', to_status: 'read' },
      { paper_id: 2, at: '2026-01-10T09:00:00.000Z', from_status: 'unread', to_status: 'read' },
      { paper_id: 3, at: '2026-01-10T09:00:00.000Z', from_status: 'unread', to_status: 'read' },
      { paper_id: 4, at: '2026-01-11T09:00:00.000Z', from_status: 'unread', to_status: 'reading' },
    ]);
    // The search index was rebuilt with its prefix index, answers as before, and nothing is
    // left for the background indexer.
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'paper_fts'").pluck().get()).toContain("prefix='3'");
    expect(db.prepare("SELECT rowid FROM paper_fts WHERE paper_fts MATCH 'pacemaker'").pluck().all()).toEqual([1]);
    expect(db.prepare("SELECT rowid FROM paper_fts WHERE paper_fts MATCH '\"pace\"*'").pluck().all()).toEqual([1]);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").pluck().get()).toBe(29);
    writeStatus(db, [5], 'read', '2026-01-12T09:00:00.000Z');
    expect(db.prepare('SELECT count(*) FROM status_event').pluck().get()).toBe(5);
    db.close();
  });
});

describe('migration 007 (notes in the papers’ search index)', () => {
  it('moves notes into the search index: a word may be in the paper or its note, and edits keep it in step', async () => {
    const { setNote } = await import('../../src/main/core/library/notes');
    const { searchWindow } = await import('../../src/main/core/library/search-window');
    const dir = tempDir();
    const db = openDatabase(dir, { noMigrate: true });
    migrate(db, MIGRATIONS, 6);
    const text = readText(SEED_DIGEST);
    const parsed = parseHfText(text, { fileName: 'seed.txt', now: new Date('2026-01-09T08:00:00Z') });
    commitImport(db, planImport(db, parsed, 'Hugging Face Daily Papers (text)', 'seed', 'hash'), text, 'seed.txt', '2026-01-09T08:00:00.000Z');
    indexAll(db);
    setNote(db, 1, 'Compare with the zebrafish heart model', '2026-01-10T09:00:00.000Z');
    const papersBefore = db.prepare('SELECT * FROM paper ORDER BY id').all();

    migrate(db, MIGRATIONS, 7);
    expect(schemaVersion(db)).toBe(7);
    expect(db.prepare('SELECT * FROM paper ORDER BY id').all()).toEqual(papersBefore);
    migrate(db); // later migrations add columns; the queries below are today's
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'note_fts%'").pluck().all()).toEqual([]);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").pluck().get()).toBe(29);
    const now = new Date('2026-01-11T09:00:00Z');
    const find = (search: string) => listPapers(db, { search, offset: 0, limit: 50 } as never, now).rows.map((r) => r.id);
    // Paper 1 is about pacemakers; "zebrafish" is only in its note, and one word from each still finds it.
    expect(find('pacemaker')).toEqual([1]);
    expect(find('zebrafish')).toEqual([1]);
    expect(find('pacemaker zebraf')).toEqual([1]);
    // Answered in memory, with the note, exactly as by SQL with another filter.
    expect(searchWindow(db, { search: 'zebrafish' }, now, 0, 50)).toEqual({ total: 1, ids: [1] });
    expect(listPapers(db, { search: 'zebrafish', statuses: ['unread'], offset: 0, limit: 50 } as never, now).rows.map((r) => r.id)).toEqual([1]);
    // A changed note is searched as written now; a removed one no longer.
    setNote(db, 1, 'Compare with the axolotl', '2026-01-12T09:00:00.000Z');
    expect(find('zebrafish')).toEqual([]);
    expect(find('axolotl')).toEqual([1]);
    setNote(db, 1, '', '2026-01-12T10:00:00.000Z');
    expect(find('axolotl')).toEqual([]);
    expect(find('pacemaker')).toEqual([1]);
    db.prepare("INSERT INTO paper_fts (paper_fts, rank) VALUES ('integrity-check', 1)").run();
    db.close();
  });
});

describe('migration 009 (a paper’s PDF recorded once, in paper_file)', () => {
  it('keeps every paper and file of the previous version; a PDF recorded only on paper becomes a paper_file row; the two columns go', async () => {
    const db = openDatabase(tempDir(), { noMigrate: true });
    migrate(db, MIGRATIONS, 8);
    // Real rows, written the way version 8 wrote them: a download and an attach record the file
    // on paper and in paper_file; an older row has it on paper only; a failed download has none.
    const text = readText(SEED_DIGEST);
    const parsed = parseHfText(text, { fileName: 'seed.txt', now: new Date('2026-01-09T08:00:00.000Z') });
    commitImport(db, planImport(db, parsed, 'Hugging Face Daily Papers (text)', 'seed', 'hash'), text, 'seed.txt', '2026-01-09T08:00:00.000Z');
    const onPaper = db.prepare("UPDATE paper SET pdf_state = ?, pdf_path = ?, pdf_bytes = ?, pdf_version = ?, pdf_error = ? WHERE id = ?");
    const inTable = db.prepare("INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, source, added_at) VALUES (?, ?, ?, ?, ?, '2026-01-10T00:00:00.000Z')");
    onPaper.run('downloaded', 'pdfs/2507.00001.pdf', 123456, 2, null, 1);
    inTable.run(1, 'pdfs/2507.00001.pdf', 123456, 'a'.repeat(64), 'arxiv');
    onPaper.run('downloaded', 'pdfs/paper-2.pdf', 5000, null, null, 2);
    inTable.run(2, 'pdfs/paper-2.pdf', 5000, 'b'.repeat(64), 'attached');
    onPaper.run('downloaded', 'pdfs/2507.00003.pdf', 7777, 1, null, 3);
    onPaper.run('failed', null, null, null, 'arXiv refused access (403)', 4);
    const papersBefore = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    const filesBefore = db.prepare('SELECT * FROM paper_file ORDER BY paper_id').all();
    const linksBefore = db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all();

    // Compared at version 9 (010 adds the works columns).
    expect(migrate(db, MIGRATIONS, 9)).toBe(9);
    const columns = db.prepare("SELECT name FROM pragma_table_info('paper')").pluck().all();
    expect(columns).not.toContain('pdf_path');
    expect(columns).not.toContain('pdf_bytes');
    const papersAfter = db.prepare('SELECT * FROM paper ORDER BY id').all() as Record<string, unknown>[];
    expect(papersAfter).toEqual(papersBefore.map(({ pdf_path: _p, pdf_bytes: _b, ...rest }) => rest));
    expect(db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all()).toEqual(linksBefore);
    expect(db.prepare('SELECT * FROM paper_file ORDER BY paper_id').all()).toEqual([
      ...filesBefore,
      { paper_id: 3, rel_path: 'pdfs/2507.00003.pdf', bytes: 7777, sha256: '', source: 'arxiv', added_at: papersBefore[2]!.added_at },
    ]);
    // What users see comes from the one record.
    expect(getPaper(db, '1')).toMatchObject({ pdf: 'downloaded', pdfPath: 'pdfs/2507.00001.pdf', pdfBytes: 123456 });
    expect(getPaper(db, '3')).toMatchObject({ pdf: 'downloaded', pdfPath: 'pdfs/2507.00003.pdf', pdfBytes: 7777 });
    expect(getPaper(db, '4')).toMatchObject({ pdf: 'failed', pdfPath: null, pdfBytes: null });
    db.close();
  });
});
