import type { Database, Statement } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary } from '../../bench/library-gen';
import { countMatches, windowSql } from '../../src/main/core/library/window';
import type { Core } from '../../src/main/core/service';
import type { LibraryQuery } from '../../src/shared/query';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/paths';

// A generated library of a few thousand papers, shaped like a real one (daily digests, most of
// the old ones read, a Zipf vocabulary), so the plans are those of a real library.
const NOW = '2026-11-25T12:00:00Z';
let core: Core;
let api: ReturnType<typeof testCore>['api'];
beforeAll(() => {
  const dir = tempDir();
  generateLibrary(dir, 4000, new Date(NOW));
  const t = testCore(NOW, dir);
  core = t.core;
  api = t.api;
});
afterAll(() => core.close());

function plan(db: Database, sql: string, params: unknown): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as object) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

/** The plan of the statement that fetches a table window for this query. */
function windowPlan(q: Partial<LibraryQuery>, offset = 0, limit = 100): string {
  const now = new Date(NOW);
  const total = countMatches(core.db, q, now);
  const { sql, params } = windowSql(core.db, q, now, total, offset, limit);
  return plan(core.db, sql, params);
}

/** Every statement a call runs, with its plan. */
async function plansOf(call: () => Promise<unknown>): Promise<{ sql: string; plan: string }[]> {
  const db = core.db;
  const seen: { sql: string; args: unknown[] }[] = [];
  const prepare = db.prepare.bind(db);
  const wrap = (stmt: Statement, sql: string): Statement =>
    new Proxy(stmt, {
      get(target, key) {
        const v = Reflect.get(target, key) as unknown;
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (key === 'all' || key === 'get' || key === 'run') seen.push({ sql, args });
          const r = (v as (...a: unknown[]) => unknown).apply(target, args);
          return r === target ? wrap(target, sql) : r;
        };
      },
    });
  (db as { prepare: unknown }).prepare = (sql: string) => wrap(prepare(sql), sql);
  try {
    await call();
  } finally {
    (db as { prepare: unknown }).prepare = prepare;
  }
  return seen
    .filter((s) => /^\s*SELECT/i.test(s.sql))
    .map((s) => ({ sql: s.sql.replace(/\s+/g, ' '), plan: plan(db, s.sql, s.args[0] ?? {}) }));
}

const SORT_INDEX: Record<string, string> = {
  status: 'paper_status',
  title: 'paper_title',
  authors: 'paper_first_author',
  published: 'paper_published',
  digest: 'paper_last_digest',
  upvotes: 'paper_upvotes',
  added: 'paper_added',
  pdf: 'paper_pdf',
  starred: 'paper_starred',
  read: 'paper_read_at',
  tags: 'paper_tag_key',
};

describe('query plans on a generated library', () => {
  it('every sort, both ways, walks its own index: no sort of the whole library', () => {
    for (const [sort, index] of Object.entries(SORT_INDEX)) {
      for (const desc of [false, true]) {
        const p = windowPlan({ sort: sort as LibraryQuery['sort'], desc });
        expect(p, `${sort} ${desc}`).toContain(`SCAN p USING COVERING INDEX ${index}`);
        expect(p, `${sort} ${desc}`).not.toContain('TEMP B-TREE');
      }
    }
    // The default order (newest digest first, then the digest's rank) sorts only within a digest.
    expect(windowPlan({})).toMatch(/SCAN p USING COVERING INDEX paper_last_digest \| USE TEMP B-TREE FOR LAST TERM OF ORDER BY/);
  });

  it('a filter that keeps many papers (unread, a PDF state, untagged) walks the sort index instead of sorting its matches', () => {
    expect((api as unknown) && countMatches(core.db, { statuses: ['unread'] }, new Date(NOW))).toBeGreaterThan(1000);
    for (const q of [{ statuses: ['unread'] }, { pdfStates: ['none'] }, { untagged: true }, { statuses: ['read'], starred: false }] as Partial<LibraryQuery>[]) {
      const p = windowPlan({ ...q, sort: 'title' });
      expect(p, JSON.stringify(q)).toMatch(/^SCAN p USING (COVERING )?INDEX paper_title/);
      expect(p).not.toContain('TEMP B-TREE FOR ORDER BY');
    }
    // A deep page of such a filter still only reads ids.
    expect(windowPlan({ statuses: ['unread'] }, 1500)).toMatch(/paper_last_digest|paper_facets|paper_status/);
  });

  it('selective filters use their own index: digest, tag, published, upvotes, read this week, starred', () => {
    const digest = core.db.prepare('SELECT max(id) FROM digest').pluck().get() as number;
    expect(windowPlan({ digestIds: [digest] })).toContain('SEARCH paper_digest USING COVERING INDEX paper_digest_digest (digest_id=?)');
    expect(windowPlan({ digestIds: [digest], statuses: ['unread'] })).toContain('paper_digest_digest');
    expect(windowPlan({ tagIds: [1, 2] })).toContain('SEARCH paper_tag USING COVERING INDEX paper_tag_tag (tag_id=?)');
    expect(windowPlan({ publishedFrom: '2026-10-01', publishedTo: '2026-10-07' })).toContain('USING INDEX paper_published (published>? AND published<?)');
    expect(windowPlan({ upvotesMin: 150 })).toContain('USING INDEX paper_upvotes (upvotes>?)');
    // The status term must not win over the read date (it keeps half the library).
    expect(windowPlan({ statuses: ['read'], readPeriod: 'week', sort: 'read', desc: true })).toMatch(/INDEX paper_read_at \(read_at>\?\)/);
    expect(windowPlan({ starred: true })).toMatch(/INDEX paper_(starred|facets)/);
  });

  it('the quick search alone is one FTS query (its window is found in memory)', async () => {
    const first = await plansOf(() => api.listPapers({ search: 'model' }));
    expect(first.filter((s) => s.sql.includes('paper_fts MATCH'))).toHaveLength(1);
    expect(first.some((s) => s.sql.includes('hits_search'))).toBe(false);
    const again = await plansOf(() => api.listPapers({ search: 'model', offset: 100 }));
    expect(again.some((s) => s.sql.includes('MATCH'))).toBe(false);
  });

  it('the quick search with a filter runs its FTS query once into a table of ids; pages look ids up in it', async () => {
    const first = await plansOf(() => api.listPapers({ search: 'model', hasNote: false }));
    expect(first.filter((s) => s.sql.includes('paper_fts MATCH'))).toHaveLength(0); // the FTS query is an INSERT…SELECT, run once
    const window = first.find((s) => s.sql.startsWith('SELECT p.id FROM paper p'))!;
    expect(window.plan).toMatch(/SCAN p USING (COVERING )?INDEX paper_last_digest/);
    expect(window.plan).toMatch(/hits_search/);
    const again = await plansOf(() => api.listPapers({ search: 'model', hasNote: false, offset: 100 }));
    expect(again.some((s) => s.sql.includes('INSERT'))).toBe(false);
    // A rare word: its few rows are fetched by id.
    const rare = await plansOf(() => api.listPapers({ search: 'kalotu', hasNote: false }));
    expect(rare.find((s) => s.sql.startsWith('SELECT p.id FROM paper p'))!.plan).toMatch(/SEARCH p USING INTEGER PRIMARY KEY|hits_search/);
  });

  it('facets within a status filter read the facet index, never the rows', async () => {
    const plans = await plansOf(() => api.facetCounts({ query: { statuses: ['unread'] } }));
    const grouped = plans.filter((s) => /GROUP BY p\.(pdf_state|published)/.test(s.sql));
    expect(grouped).toHaveLength(2);
    for (const g of grouped) expect(g.plan).toContain('SEARCH p USING COVERING INDEX paper_facets (status=?)');
    const statusFacet = plans.find((s) => /GROUP BY p\.status/.test(s.sql))!;
    expect(statusFacet.plan).toMatch(/COVERING INDEX paper_(status|facets)/);
    const untagged = plans.find((s) => s.sql.includes('tag_key IS NULL'))!;
    expect(untagged.plan).toContain('COVERING INDEX paper_facets');
    const notes = plans.find((s) => s.sql.includes('note_updated_at IS NOT NULL'))!;
    expect(notes.plan).toContain('COVERING INDEX paper_facets');
  });

  it('a select-all over a filter is one INSERT…SELECT, whatever its size', async () => {
    const plans = await plansOf(() => api.countPapers({ papers: { query: { statuses: ['unread'] } } }));
    expect(plans.map((p) => p.sql).filter((s) => s.includes('FROM paper p'))).toHaveLength(0); // the selection itself is an INSERT
    expect((await api.countPapers({ papers: { query: { statuses: ['unread'] } } })).count).toBe(countMatches(core.db, { statuses: ['unread'] }, new Date(NOW)));
  });
});
