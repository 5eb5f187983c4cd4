import { LecternError } from '../../../shared/errors';
import type { SortColumn } from '../../../shared/model';
import type { LibraryQuery, Period } from '../../../shared/query';

/**
 * The query planner: a library query becomes structured SQL terms over `paper p`, without a
 * database (tested as such). What needs the database (the FTS hits, how many papers there are)
 * is decided by the window planner (window.ts), which renders the terms into SQL.
 */

/** Facets count over the current filter minus their own dimension (the usual faceted search). */
export type Dimension = 'status' | 'digest' | 'tag' | 'published' | 'pdf';

/** A full-text filter: its ids come from an FTS query, run (and cached) by search-hits.ts. */
export type FtsSlot = 'search' | 'authors';

type Term =
  /** A condition on a column that keeps a large share of the library (status, PDF state, star...). */
  | { kind: 'category'; sql: string }
  /** A condition on a column's range or value that keeps few papers. */
  | { kind: 'range'; sql: string }
  /** The paper's id against a set of ids (a digest, a tag): no row needs reading. */
  | { kind: 'ids'; sql: string }
  /** The paper's id among the hits of an FTS query. */
  | { kind: 'fts'; slot: FtsSlot; match: string };

interface QueryPlan {
  terms: Term[];
  /** Named parameters of the terms' SQL. */
  params: Record<string, unknown>;
  /** Some term keeps few papers: the categorical ones must not lead the planner (see render). */
  selective: boolean;
}

interface PlanOptions {
  /** Leave out one dimension (facets count over the rest). */
  omit?: Dimension | null;
}

/**
 * The query's filters as terms over indexed columns. Values always travel as parameters; only
 * validated enum values and generated parameter names are written into the SQL text.
 */
export function planQuery(q: Partial<LibraryQuery>, now: Date, opts: PlanOptions = {}): QueryPlan {
  const omit = opts.omit ?? null;
  const terms: Term[] = [];
  const params: Record<string, unknown> = {};
  const category = (sql: string) => terms.push({ kind: 'category', sql });
  const range = (sql: string, name: string, value: unknown) => {
    terms.push({ kind: 'range', sql });
    params[name] = value;
  };
  const list = (name: string, values: readonly string[]) => {
    values.forEach((v, i) => (params[`${name}${i}`] = v));
    return `(${values.map((_, i) => `@${name}${i}`).join(', ')})`;
  };

  if (omit !== 'status' && q.statuses?.length) category(`p.status IN ${list('st', q.statuses)}`);
  if (omit !== 'pdf' && q.pdfStates?.length) category(`p.pdf_state IN ${list('pdf', q.pdfStates)}`);
  if (omit !== 'digest' && q.digestIds?.length) {
    terms.push({ kind: 'ids', sql: 'p.id IN (SELECT paper_id FROM paper_digest WHERE digest_id IN (SELECT value FROM json_each(@digestIds)))' });
    params.digestIds = JSON.stringify(q.digestIds);
  }
  if (omit !== 'tag') {
    if (q.tagIds?.length) {
      terms.push({ kind: 'ids', sql: 'p.id IN (SELECT paper_id FROM paper_tag WHERE tag_id IN (SELECT value FROM json_each(@tagIds)))' });
      params.tagIds = JSON.stringify(q.tagIds);
    }
    // tag_key is NULL exactly when a paper has no tag (the triggers keep it so).
    if (q.untagged) category('p.tag_key IS NULL');
  }
  if (q.title?.trim()) range(`p.title LIKE @title ESCAPE '\\'`, 'title', contains(q.title));
  if (q.authors?.trim()) {
    // Author names through the search index's authors column: word prefixes, accents ignored
    // ("muller" finds Müller), and no scan of every row's author list.
    const words = searchTerms(q.authors);
    if (words.length) terms.push({ kind: 'fts', slot: 'authors', match: `authors : (${words.join(' ')})` });
  }
  if (omit !== 'published') dateRange(terms, params, 'p.published', 'published', q.publishedFrom, q.publishedTo, false);
  dateRange(terms, params, 'p.added_at', 'added', q.addedFrom, q.addedTo, true);
  dateRange(terms, params, 'p.read_at', 'read', q.readFrom, q.readTo, true);
  if (q.readPeriod) range('p.read_at >= @readSince', 'readSince', periodStart(q.readPeriod, now).toISOString());
  if (q.upvotesMin != null && q.upvotesMax != null && q.upvotesMin > q.upvotesMax) {
    throw new LecternError('BAD_INPUT', `The upvotes range is empty: at least ${q.upvotesMin} but at most ${q.upvotesMax}.`, 'upvotes');
  }
  if (q.upvotesMin != null) range('p.upvotes >= @upvotesMin', 'upvotesMin', q.upvotesMin);
  if (q.upvotesMax != null) range('p.upvotes <= @upvotesMax', 'upvotesMax', q.upvotesMax);
  if (q.starred != null) category(`p.starred = ${q.starred ? 1 : 0}`);
  // note_updated_at is set exactly when there is a note, and is in the facet index.
  if (q.hasNote != null) category(q.hasNote ? 'p.note_updated_at IS NOT NULL' : 'p.note_updated_at IS NULL');
  // "Needs review": the resolve feature's state for an unsure arXiv match (migration 002).
  if (q.needsReview) category("p.resolve_state = 'review'");
  // Few papers are retracted: a partial index holds exactly them (migration 010), so the term is selective.
  if (q.retracted === true) terms.push({ kind: 'range', sql: 'p.retraction IS NOT NULL' });
  if (q.retracted === false) category('p.retraction IS NULL');
  if (q.search) {
    const words = searchTerms(q.search);
    if (words.length) terms.push({ kind: 'fts', slot: 'search', match: words.join(' ') });
  }
  // Categorical terms (status, PDF state, star, untagged, note) keep large shares of the library:
  // next to a selective term (a range, a digest, a tag, a search) the planner must not pick them.
  const selective = terms.some((t) => t.kind !== 'category');
  return { terms, params, selective };
}

/** A WHERE clause (its terms joined with AND) over `paper p`, with its named parameters. */
export interface SqlFilter {
  where: string[];
  params: Record<string, unknown>;
}

interface RenderOptions {
  /**
   * The filter keeps a large part of the library: its categorical terms are marked likely() so
   * SQLite walks the ORDER BY's index and tests each row, instead of reading every match through
   * the category's index and sorting them all (see window.ts).
   */
  dense?: boolean;
  /**
   * Whether an FTS term's ids are tested row by row ("+", no lookup by id) rather than followed
   * id by id; and the temporary table that holds them.
   */
  fts: (term: Extract<Term, { kind: 'fts' }>) => { table: string; probe: boolean };
}

/** The plan as SQL. */
export function renderWhere(plan: QueryPlan, opts: RenderOptions): SqlFilter {
  const likely = (sql: string) => (opts.dense || plan.selective ? `likely(${sql})` : sql);
  const where = plan.terms.map((t) => {
    if (t.kind === 'category') return likely(t.sql);
    if (t.kind !== 'fts') return t.sql;
    const { table, probe } = opts.fts(t);
    return `${probe ? '+' : ''}p.id IN (SELECT id FROM ${table})`;
  });
  return { where, params: { ...plan.params } };
}

export function whereSql(f: SqlFilter): string {
  return f.where.length ? `WHERE ${f.where.join(' AND ')}` : '';
}

/** Whether every term tests only a paper's id against a set (digest, tag, search): no row read needed. */
export function idsOnly(plan: QueryPlan): boolean {
  return plan.terms.every((t) => t.kind === 'ids' || t.kind === 'fts');
}

/** The plan's one term when it is a full-text filter alone (its hits are then the answer). */
export function ftsAlone(plan: QueryPlan): Extract<Term, { kind: 'fts' }> | null {
  const [only] = plan.terms;
  return plan.terms.length === 1 && only!.kind === 'fts' ? only! : null;
}

function contains(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function dateRange(terms: Term[], params: Record<string, unknown>, column: string, name: string, from: string | null | undefined, to: string | null | undefined, timestamp: boolean) {
  if (from && to && from > to) throw new LecternError('BAD_INPUT', `The ${name} range is empty: ${from} is after ${to}.`, name);
  if (from) {
    terms.push({ kind: 'range', sql: `${column} >= @${name}From` });
    params[`${name}From`] = from;
  }
  if (to) {
    // Timestamps: "to" is a whole day, so compare with the start of the next one.
    terms.push({ kind: 'range', sql: timestamp ? `${column} < @${name}To` : `${column} <= @${name}To` });
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
