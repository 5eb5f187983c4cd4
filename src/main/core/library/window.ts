import type { ReadableDB } from '../db/handles';
import type { LibraryQuery } from '../../../shared/query';
import { ftsAlone, idsOnly, orderBy, planQuery, renderWhere, whereSql, type Dimension, type SqlFilter } from './query-plan';
import { ftsIds, ftsTable, libraryState } from './search-hits';

/**
 * The window planner: renders a query's plan (query-plan.ts) against this library, runs its FTS
 * terms (search-hits.ts), and finds the count and a window of ids in the query's order.
 */

interface FilterOptions {
  /** Leave out one dimension (facets count over the rest). */
  omit?: Dimension | null;
  /** Walk the sort's index, testing each row (see windowIds); undefined: decide per FTS term. */
  dense?: boolean;
}

/** Above this many hits a count tests the rows against the search rather than following its ids. */
const SEARCH_PROBE = 2000;

/** The query's filters as a WHERE clause over `paper p`, its FTS terms run into temporary tables. */
export function buildFilter(db: ReadableDB, q: Partial<LibraryQuery>, now: Date, opts: FilterOptions = {}): SqlFilter {
  return renderWhere(planQuery(q, now, { omit: opts.omit }), {
    dense: opts.dense,
    fts: (t) => {
      const { table, count } = ftsTable(db, t.slot, t.match);
      // Tested row by row ("+", no lookup by id) when the rows are walked in the sort's order
      // (dense) or, for counts, when there are many of them; otherwise followed id by id.
      return { table, probe: opts.dense !== undefined ? opts.dense : count > SEARCH_PROBE };
    },
  });
}

/** How many papers the library holds; counted once per revision (it is a scan at a million). */
export function paperCount(db: ReadableDB): number {
  const rev = libraryState(db);
  const cached = countCache.get(db);
  if (cached?.rev === rev) return cached.count;
  const count = db.prepare('SELECT count(*) FROM paper').pluck().get() as number;
  countCache.set(db, { rev, count });
  return count;
}
const countCache = new WeakMap<ReadableDB, { rev: string; count: number }>();

/**
 * The ids of one window of a query, in its order. Only ids: the rows skipped by OFFSET cost an
 * index step each, not a read of the whole row.
 *
 * SQLite's planner, statistics or not, serves a filter like "unread" (40% of the library) from
 * the category's index and then sorts every match: a second at 100,000 papers. When the matches
 * are dense enough that walking the sort's index meets `offset + limit` of them early
 * (total² > (offset + limit) × papers), the categorical terms are marked likely() and the planner
 * walks the sort index instead. Sparse matches are read through the filter's index and sorted
 * (few rows by definition): the ORDER BY is then written so that no index can serve it, or the
 * planner may walk the whole sort index looking for three papers with 150 upvotes.
 */
export function windowIds(db: ReadableDB, q: Partial<LibraryQuery>, now: Date, total: number, offset: number, limit: number): number[] {
  const { sql, params } = windowSql(db, q, now, total, offset, limit);
  return db.prepare(sql).pluck().all(params) as number[];
}

/** The statement windowIds runs (tests read its query plan). */
export function windowSql(db: ReadableDB, q: Partial<LibraryQuery>, now: Date, total: number, offset: number, limit: number): { sql: string; params: Record<string, unknown> } {
  // Walking tests index entries one after another; sorting the matches reads each matching row
  // from wherever it lies. When the test needs no row (an id against a set of ids), a walk step
  // costs about a tenth of a row read.
  const weight = idsOnly(planQuery(q, now)) ? 10 : 1;
  const dense = total > 200 && total * total * weight > (offset + limit) * paperCount(db);
  const f = buildFilter(db, q, now, { dense });
  const order = orderBy(q.sort, q.desc, dense || f.where.length === 0);
  return { sql: `SELECT p.id FROM paper p ${whereSql(f)} ORDER BY ${order} LIMIT @limit OFFSET @offset`, params: { ...f.params, limit, offset } };
}

/** How many papers match; the hits' own count when an FTS filter is the only one. */
export function countMatches(db: ReadableDB, q: Partial<LibraryQuery>, now: Date): number {
  const plan = planQuery(q, now);
  if (plan.terms.length === 0) return paperCount(db);
  const fts = ftsAlone(plan);
  if (fts) return ftsIds(db, fts.slot, fts.match).length;
  const f = buildFilter(db, q, now);
  return db.prepare(`SELECT count(*) FROM paper p ${whereSql(f)}`).pluck().get(f.params) as number;
}
