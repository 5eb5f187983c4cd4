import { describe, expect, it } from 'vitest';
import type { ReadableDB } from '../../src/main/core/db/handles';
import { commitImport, planImport } from '../../src/main/core/library/import';
import { bumpRevision } from '../../src/main/core/db/revision';
import { ftsAlone, idsOnly, orderBy, periodStart, planQuery, renderWhere, searchTerms, whereSql } from '../../src/main/core/library/query-plan';

// The planner needs no database: a query in, structured terms out.
const NOW = new Date(2026, 10, 25, 12); // a Wednesday, local time
const render = (q: Parameters<typeof planQuery>[0], dense?: boolean) =>
  renderWhere(planQuery(q, NOW), { dense, fts: (t) => ({ table: `temp.hits_${t.slot}`, probe: t.slot === 'search' }) });

describe('the query planner, without a database', () => {
  it('turns each filter into one term of its kind, values as parameters', () => {
    const plan = planQuery({ statuses: ['unread', 'reading'], pdfStates: ['none'], digestIds: [4, 7], tagIds: [2], upvotesMin: 10, title: '50%_off', starred: true }, NOW);
    expect(plan.terms.map((t) => t.kind)).toEqual(['category', 'category', 'ids', 'ids', 'range', 'range', 'category']);
    expect(plan.params).toEqual({ st0: 'unread', st1: 'reading', pdf0: 'none', digestIds: '[4,7]', tagIds: '[2]', title: '%50\\%\\_off%', upvotesMin: 10 });
    expect(plan.selective).toBe(true);
    // Values never reach the SQL text.
    expect(JSON.stringify(plan.terms)).not.toMatch(/unread|50%/);
  });

  it('marks categorical terms likely() beside a selective term or when the window is dense, and not otherwise', () => {
    expect(render({ statuses: ['unread'] }).where).toEqual(['p.status IN (@st0)']);
    expect(render({ statuses: ['unread'] }, true).where).toEqual(['likely(p.status IN (@st0))']);
    expect(render({ statuses: ['read'], upvotesMin: 5 }).where).toEqual(['likely(p.status IN (@st0))', 'p.upvotes >= @upvotesMin']);
    expect(whereSql(render({}))).toBe('');
  });

  it('leaves a full-text filter to its runner, and knows when it stands alone', () => {
    const plan = planQuery({ search: 'diffusion mod', authors: 'Müller' }, NOW);
    expect(plan.terms).toEqual([
      { kind: 'fts', slot: 'authors', match: 'authors : ("Müller"*)' },
      { kind: 'fts', slot: 'search', match: '"diffusion" "mod"*' },
    ]);
    expect(idsOnly(plan)).toBe(true);
    expect(ftsAlone(plan)).toBeNull();
    expect(ftsAlone(planQuery({ search: 'diffusion' }, NOW))).toEqual({ kind: 'fts', slot: 'search', match: '"diffusion"*' });
    expect(render({ search: 'diffusion', authors: 'hinton' }).where).toEqual(['p.id IN (SELECT id FROM temp.hits_authors)', '+p.id IN (SELECT id FROM temp.hits_search)']);
    // Too short to search yet: no term at all.
    expect(planQuery({ search: 'di' }, NOW).terms).toEqual([]);
    expect(idsOnly(planQuery({ digestIds: [1], statuses: ['read'] }, NOW))).toBe(false);
  });

  it('leaves out the dimension a facet counts, and refuses empty ranges', () => {
    const q = { statuses: ['read' as const], digestIds: [3], publishedFrom: '2025-01-01' };
    expect(planQuery(q, NOW, { omit: 'status' }).terms.map((t) => t.kind)).toEqual(['ids', 'range']);
    expect(planQuery(q, NOW, { omit: 'digest' }).terms.map((t) => t.kind)).toEqual(['category', 'range']);
    expect(planQuery(q, NOW, { omit: 'published' }).terms.map((t) => t.kind)).toEqual(['category', 'ids']);
    expect(() => planQuery({ upvotesMin: 9, upvotesMax: 2 }, NOW)).toThrow(/at least 9 but at most 2/);
    expect(() => planQuery({ addedFrom: '2026-02-01', addedTo: '2026-01-01' }, NOW)).toThrow(/2026-02-01 is after 2026-01-01/);
  });

  it('resolves periods and whole days against the clock it is given', () => {
    const plan = planQuery({ readPeriod: 'week', addedTo: '2026-11-30', publishedTo: '2026-11-30' }, NOW);
    expect(plan.params).toMatchObject({ publishedTo: '2026-11-30', addedTo: '2026-12-01', readSince: periodStart('week', NOW).toISOString() });
    expect(periodStart('week', NOW).getDay()).toBe(1);
    expect(periodStart('month', NOW).getDate()).toBe(1);
  });

  it('quotes the words of the quick search, the last one a prefix once it has three letters', () => {
    expect(searchTerms('language m')).toEqual(['"language"']);
    expect(searchTerms('language mod')).toEqual(['"language"', '"mod"*']);
    expect(searchTerms('snake_case OR "x"')).toEqual(['"snake"', '"case"', '"OR"', '"x"']);
    expect(orderBy(null, false)).toBe('p.last_digest_id DESC, p.id ASC');
    expect(orderBy('status', false, false)).toBe('+p.status DESC, +p.added_at DESC, +p.id DESC');
  });
});

describe('read and write handles', () => {
  it('a query that only reads cannot call a write: the compiler refuses it (npm run typecheck)', () => {
    const preview = (db: ReadableDB) => {
      // @ts-expect-error a read handle is not a write handle: a preview cannot commit
      commitImport(db, {} as never, '', null, '');
      // @ts-expect-error nor bump the revision others poll
      bumpRevision(db);
      return planImport(db, { format: 'x', name: null, date: null, entries: [], problems: [] }, 'X', 'x', 'hash');
    };
    expect(typeof preview).toBe('function');
  });
});
