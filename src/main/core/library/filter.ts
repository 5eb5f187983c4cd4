import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import type { SortColumn } from '../../../shared/model';
import type { LibraryQuery, Period } from '../../../shared/query';
import { reviewCondition } from './review';

/** A WHERE clause (its terms joined with AND) over `paper p`, with its named parameters. */
export interface SqlFilter {
  where: string[];
  params: Record<string, unknown>;
}

/** Terms that test only a paper's id against a set (digest, tag, search): no row read needed. */
export function idsOnly(f: SqlFilter): boolean {
  return f.where.every((t) => /^\+?p\.id IN \(/.test(t));
}

/** Facets count over the current filter minus their own dimension (the usual faceted search). */
export type Dimension = 'status' | 'digest' | 'tag' | 'published' | 'pdf';

export function whereSql(f: SqlFilter): string {
  return f.where.length ? `WHERE ${f.where.join(' AND ')}` : '';
}

export interface FilterOptions {
  /** Leave out one dimension (facets count over the rest). */
  omit?: Dimension | null;
  /**
   * The filter keeps a large part of the library: mark its categorical terms likely() so the
   * planner walks the ORDER BY's index and tests each row instead of reading every match through
   * the category's index and sorting them all (see windowIds).
   */
  dense?: boolean;
}

/**
 * The query's filters as SQL over indexed columns. Values always travel as parameters; only
 * validated enum values and generated parameter names are written into the SQL text.
 */
export function buildFilter(db: Database, q: Partial<LibraryQuery>, now: Date, opts: FilterOptions = {}): SqlFilter {
  const omit = opts.omit ?? null;
  const c = (column: string) => `p.${column}`;
  const where: string[] = [];
  // Categorical terms (status, PDF state, star, untagged, note) keep large shares of the library:
  // next to a selective term (a range, a digest, a tag, a search) the planner must not pick them.
  const selective = [q.publishedFrom, q.publishedTo, q.addedFrom, q.addedTo, q.readFrom, q.readTo, q.readPeriod, q.upvotesMin, q.upvotesMax, q.search, q.authors, q.title]
    .some((v) => v != null && v !== '') || !!q.digestIds?.length || !!q.tagIds?.length;
  const likely = (term: string) => (opts.dense || selective ? `likely(${term})` : term);
  // An FTS filter's ids: tested row by row ("+", no lookup by id) when the rows are walked in the
  // sort's order (dense) or, for counts, when there are many of them; otherwise followed id by id.
  const probe = (hits: number) => (opts.dense !== undefined ? opts.dense : hits > SEARCH_PROBE);
  const params: Record<string, unknown> = {};
  const list = (name: string, values: readonly string[]) => {
    values.forEach((v, i) => (params[`${name}${i}`] = v));
    return `(${values.map((_, i) => `@${name}${i}`).join(', ')})`;
  };

  if (omit !== 'status' && q.statuses?.length) where.push(likely(`${c('status')} IN ${list('st', q.statuses)}`));
  if (omit !== 'pdf' && q.pdfStates?.length) where.push(likely(`${c('pdf_state')} IN ${list('pdf', q.pdfStates)}`));
  if (omit !== 'digest' && q.digestIds?.length) {
    where.push(`${c('id')} IN (SELECT paper_id FROM paper_digest WHERE digest_id IN (SELECT value FROM json_each(@digestIds)))`);
    params.digestIds = JSON.stringify(q.digestIds);
  }
  if (omit !== 'tag') {
    if (q.tagIds?.length) {
      where.push(`${c('id')} IN (SELECT paper_id FROM paper_tag WHERE tag_id IN (SELECT value FROM json_each(@tagIds)))`);
      params.tagIds = JSON.stringify(q.tagIds);
    }
    // tag_key is NULL exactly when a paper has no tag (the triggers keep it so).
    if (q.untagged) where.push(likely(`${c('tag_key')} IS NULL`));
  }
  if (q.title?.trim()) {
    where.push(`${c('title')} LIKE @title ESCAPE '\\'`);
    params.title = contains(q.title);
  }
  if (q.authors?.trim()) {
    // Author names through the search index's authors column: word prefixes, accents ignored
    // ("muller" finds Müller), and no scan of every row's author list.
    const terms = searchTerms(q.authors);
    if (terms.length) {
      const hits = ftsHits(db, 'authors', `authors : (${terms.join(' ')})`);
      where.push(`${probe(hits) ? '+' : ''}p.id IN (SELECT id FROM temp.hits_authors)`);
    }
  }
  if (omit !== 'published') range(where, params, c('published'), 'published', q.publishedFrom, q.publishedTo, false);
  range(where, params, c('added_at'), 'added', q.addedFrom, q.addedTo, true);
  range(where, params, c('read_at'), 'read', q.readFrom, q.readTo, true);
  if (q.readPeriod) {
    where.push(`${c('read_at')} >= @readSince`);
    params.readSince = periodStart(q.readPeriod, now).toISOString();
  }
  if (q.upvotesMin != null && q.upvotesMax != null && q.upvotesMin > q.upvotesMax) {
    throw new LecternError('BAD_INPUT', `The upvotes range is empty: at least ${q.upvotesMin} but at most ${q.upvotesMax}.`, 'upvotes');
  }
  if (q.upvotesMin != null) {
    where.push(`${c('upvotes')} >= @upvotesMin`);
    params.upvotesMin = q.upvotesMin;
  }
  if (q.upvotesMax != null) {
    where.push(`${c('upvotes')} <= @upvotesMax`);
    params.upvotesMax = q.upvotesMax;
  }
  if (q.starred != null) where.push(likely(`${c('starred')} = ${q.starred ? 1 : 0}`));
  // note_updated_at is set exactly when there is a note, and is in the facet index.
  if (q.hasNote != null) where.push(likely(q.hasNote ? `${c('note_updated_at')} IS NOT NULL` : `${c('note_updated_at')} IS NULL`));
  if (q.needsReview) {
    const review = reviewCondition(db);
    where.push(review ? likely(review) : '0');
  }
  if (q.search) {
    const terms = searchTerms(q.search);
    if (terms.length) {
      const hits = searchHits(db, terms);
      where.push(`${probe(hits) ? '+' : ''}p.id IN (SELECT id FROM temp.hits_search)`);
    }
  }
  return { where, params };
}

/** Above this many hits a count tests the rows against the search rather than following its ids. */
const SEARCH_PROBE = 2000;

function contains(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function range(where: string[], params: Record<string, unknown>, column: string, name: string, from: string | null | undefined, to: string | null | undefined, timestamp: boolean) {
  if (from && to && from > to) throw new LecternError('BAD_INPUT', `The ${name} range is empty: ${from} is after ${to}.`, name);
  if (from) {
    where.push(`${column} >= @${name}From`);
    params[`${name}From`] = from;
  }
  if (to) {
    // Timestamps: "to" is a whole day, so compare with the start of the next one.
    where.push(timestamp ? `${column} < @${name}To` : `${column} <= @${name}To`);
    params[`${name}To`] = timestamp ? nextDay(to) : to;
  }
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The start of the period containing `now`, in the local time of the process; weeks start on Monday. */
export function periodStart(period: Period, now: Date): Date {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (period === 'week') d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  if (period === 'month') d.setDate(1);
  if (period === 'year') d.setMonth(0, 1);
  return d;
}

// Exactly the unicode61 tokenizer's separators (it keeps letters, numbers, private-use characters
// and non-spacing marks), so each quoted word is one token: the index has no positions, and a word
// the tokenizer would split ("snake_case") is a phrase, which it refuses.
const NOT_TOKEN = /[^\p{L}\p{N}\p{Co}\p{Mn}]+/u;
const NOT_TOKEN_AT_END = /[^\p{L}\p{N}\p{Co}\p{Mn}]$/u;

/**
 * The words of the quick search: every one must appear (in the paper or in its note). The last is
 * a prefix (the user is still typing it), once it has three characters; a shorter last word is
 * left out until then, or until a space ends it: one or two letters as a prefix match most of the
 * vocabulary, tell nothing, and would empty or flood the table at every keystroke. Words are
 * quoted, so FTS syntax typed by the user is inert.
 */
export function searchTerms(input: string): string[] {
  const text = input.normalize('NFC');
  const words = text.split(NOT_TOKEN).filter(Boolean).slice(0, 20);
  let typing = !NOT_TOKEN_AT_END.test(text); // the last word is not finished yet
  const last = words.at(-1);
  if (typing && last && [...last].length < 3) {
    words.pop();
    typing = false; // the word now last was ended by a space: "language m" is "language "
  }
  return words.map((w, i) => `"${w}"${typing && i === words.length - 1 ? '*' : ''}`);
}

/** How many papers the quick search matches; the ids are in temp.hits_search. */
export function searchHitCount(db: Database, input: string): number | null {
  const terms = searchTerms(input);
  return terms.length ? searchHits(db, terms) : null;
}

function searchHits(db: Database, terms: string[]): number {
  return ftsHits(db, 'search', terms.join(' '));
}

const hitsCache = new WeakMap<Database, Map<string, { key: string; count: number }>>();

/**
 * Runs an FTS query once into a temporary table of ids (one table per use: the quick search, the
 * authors filter), reused until the query, the library (revision) or the index (watermark)
 * changes: the count, every page, the facets and a select-all then share one FTS evaluation, and
 * a filter over it is a lookup in an integer key. The index holds each paper's note too (a word
 * may be in the paper or in its note); the quick search also finds words in the PDFs' text.
 */
function ftsHits(db: Database, slot: 'search' | 'authors', fts: string): number {
  const key = `${fts}\u0000${libraryState(db)}`;
  let slots = hitsCache.get(db);
  if (!slots) hitsCache.set(db, (slots = new Map()));
  const cached = slots.get(slot);
  if (cached?.key === key) return cached.count;
  const table = `temp.hits_${slot}`;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS hits_${slot} (id INTEGER PRIMARY KEY)`);
  db.exec(`DELETE FROM ${table}`);
  db.prepare(`INSERT INTO ${table} (id) SELECT rowid FROM paper_fts WHERE paper_fts MATCH ?`).run(fts);
  // The PDFs' text, where the reader feature has indexed it (one row per page, rowid = paper × 2^20 + page).
  // Those papers are kept apart too: only their rows get a snippet of where the text matched.
  if (slot === 'search' && hasTable(db, 'fulltext_fts')) {
    const inText = textMatches(db, fts);
    db.prepare(`INSERT OR IGNORE INTO ${table} (id) SELECT value FROM json_each(?)`).run(JSON.stringify(inText));
  }
  const count = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  slots.set(slot, { key, count });
  return count;
}

/**
 * The papers whose PDFs' text matches an FTS query (the reader's index: one row per page, rowid =
 * paper × 2^20 + page), remembered as the last text matches: only those rows of the table get a
 * snippet of where their text matched.
 */
export function textMatches(db: Database, fts: string): number[] {
  const ids = hasTable(db, 'fulltext_fts')
    ? (db.prepare('SELECT DISTINCT rowid / 1048576 FROM fulltext_fts WHERE fulltext_fts MATCH ?').pluck().all(fts) as number[])
    : [];
  lastTextHits.set(db, { key: `${fts}\u0000${libraryState(db)}`, ids: new Set(ids) });
  return ids;
}
const lastTextHits = new WeakMap<Database, { key: string; ids: Set<number> }>();

/** Of these ids, the papers whose PDFs' text matches the FTS query (remembered from its last run). */
export function textHitsAmong(db: Database, ids: number[], fts: string): Set<number> {
  const last = lastTextHits.get(db);
  const hits = last?.key === `${fts}\u0000${libraryState(db)}` ? last.ids : new Set(textMatches(db, fts));
  return new Set(ids.filter((id) => hits.has(id)));
}

/** Changes whenever the library or its search index does: the key of every cache over them. */
export function libraryState(db: Database): string {
  return db.prepare("SELECT group_concat(value) FROM meta WHERE key IN ('revision', 'fts_indexed_upto')").pluck().get() as string;
}

const tables = new WeakMap<Database, Map<string, boolean>>();
function hasTable(db: Database, name: string): boolean {
  let known = tables.get(db);
  if (!known) tables.set(db, (known = new Map()));
  if (!known.has(name)) known.set(name, db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined);
  return known.get(name)!;
}

/**
 * The ORDER BY of each sortable column. Every one is an index (with the row id as the last key),
 * so the first page of any sort is an index walk, and id breaks ties so pages never overlap.
 * Status sorts unread, reading, read — reverse alphabetical, so it walks paper(status, added_at)
 * backwards.
 */
export function orderBy(sort: SortColumn | null | undefined, desc: boolean | null | undefined, indexed = true): string {
  // "+x" is an expression no index provides: the planner then takes the filter's index and sorts.
  const x = (term: string) => (indexed ? term : `+${term}`);
  if (!sort) return `${x('p.last_digest_id')} DESC, ${x('p.id')} ASC`; // newest digest first, in the digest's own order
  const dir = desc ? 'DESC' : 'ASC';
  if (sort === 'status') {
    const inv = desc ? 'ASC' : 'DESC';
    return `${x('p.status')} ${inv}, ${x('p.added_at')} ${inv}, ${x('p.id')} ${inv}`;
  }
  // "For you": the highest rank first (NULLs, the papers not ranked, last), as a ranking reads.
  if (sort === 'interest') return desc ? `${x('p.interest_rank')} ASC, ${x('p.id')} ASC` : `${x('p.interest_rank')} DESC, ${x('p.id')} DESC`;
  return `${x(SORT_SQL[sort])} ${dir}, ${x('p.id')} ${dir}`;
}

const SORT_SQL: Record<Exclude<SortColumn, 'status' | 'interest'>, string> = {
  title: 'p.title COLLATE NOCASE',
  authors: "lower(CASE WHEN json_valid(p.authors) THEN json_extract(p.authors, '$[0]') END)",
  published: 'p.published',
  digest: 'p.last_digest_id',
  upvotes: 'p.upvotes',
  added: 'p.added_at',
  pdf: 'p.pdf_state',
  starred: 'p.starred',
  read: 'p.read_at',
  tags: 'p.tag_key',
};

/** How many papers the library holds; counted once per revision (it is a scan at a million). */
export function paperCount(db: Database): number {
  const rev = libraryState(db);
  const cached = countCache.get(db);
  if (cached?.rev === rev) return cached.count;
  const count = db.prepare('SELECT count(*) FROM paper').pluck().get() as number;
  countCache.set(db, { rev, count });
  return count;
}
const countCache = new WeakMap<Database, { rev: string; count: number }>();

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
export function windowIds(db: Database, q: Partial<LibraryQuery>, now: Date, total: number, offset: number, limit: number): number[] {
  const { sql, params } = windowSql(db, q, now, total, offset, limit);
  return db.prepare(sql).pluck().all(params) as number[];
}

/** The statement windowIds runs (tests read its query plan). */
export function windowSql(db: Database, q: Partial<LibraryQuery>, now: Date, total: number, offset: number, limit: number): { sql: string; params: Record<string, unknown> } {
  // Walking tests index entries one after another; sorting the matches reads each matching row
  // from wherever it lies. When the test needs no row (an id against a set of ids), a walk step
  // costs about a tenth of a row read.
  const weight = idsOnly(buildFilter(db, q, now)) ? 10 : 1;
  const dense = total > 200 && total * total * weight > (offset + limit) * paperCount(db);
  const f = buildFilter(db, q, now, { dense });
  const order = orderBy(q.sort, q.desc, dense || f.where.length === 0);
  return { sql: `SELECT p.id FROM paper p ${whereSql(f)} ORDER BY ${order} LIMIT @limit OFFSET @offset`, params: { ...f.params, limit, offset } };
}

/** How many papers match; the hits table's own count when an FTS filter is the only one. */
export function countMatches(db: Database, q: Partial<LibraryQuery>, now: Date): number {
  const f = buildFilter(db, q, now);
  if (f.where.length === 0) return paperCount(db);
  const only = f.where.length === 1 ? /temp\.(hits_\w+)\)$/.exec(f.where[0]!) : null;
  if (only) return db.prepare(`SELECT count(*) FROM temp.${only[1]}`).pluck().get() as number;
  return db.prepare(`SELECT count(*) FROM paper p ${whereSql(f)}`).pluck().get(f.params) as number;
}
