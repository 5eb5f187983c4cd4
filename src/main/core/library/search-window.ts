import type { Database } from 'better-sqlite3';
import type { SortColumn } from '../../../shared/model';
import type { LibraryQuery } from '../../../shared/query';
import { buildFilter, libraryState, orderBy, searchTerms, textMatches } from './filter';

/**
 * The quick search alone (the table while the user types), answered in memory: the FTS hits come
 * back as ids, and the window is found by walking the sort's order, held as an array of ids per
 * sort column and rebuilt only when the library changes. Writing tens of thousands of hit ids into
 * a temporary table and counting them there cost three to four times the FTS query itself at
 * every keystroke; here the count is the number of hits and the window a walk of a few hundred
 * entries.
 *
 * Returns null when the query is not the quick search alone (other filters): the SQL path in
 * filter.ts answers those.
 */
export function searchWindow(db: Database, q: Partial<LibraryQuery>, now: Date, offset: number, limit: number): { total: number; ids: number[] } | null {
  if (!q.search) return null;
  const terms = searchTerms(q.search);
  if (!terms.length) return null;
  if (buildFilter(db, { ...q, search: null }, now).where.length > 0) return null;

  const state = libraryState(db);
  const hits = searchIds(db, terms, state);
  const total = hits.length;
  if (total === 0 || offset >= total) return { total, ids: [] };

  const order = sortOrder(db, q.sort ?? null, state);
  const want = Math.min(total - offset, limit);
  const desc = !!q.sort && !!q.desc;
  let ids: number[];
  if (total * 20 < order.ids.length) {
    // Few hits: sort them by their place in the order.
    const placed = hits.map((id) => order.pos[id] ?? 0).sort((a, b) => (desc ? b - a : a - b));
    ids = placed.slice(offset, offset + want).map((p) => order.ids[p]!);
  } else {
    // Many: walk the order, testing each paper against the hits.
    const isHit = new Uint8Array(order.pos.length);
    for (const id of hits) if (id < isHit.length) isHit[id] = 1;
    ids = [];
    let skip = offset;
    const n = order.ids.length;
    for (let k = 0; k < n && ids.length < want; k++) {
      const id = order.ids[desc ? n - 1 - k : k]!;
      if (!isHit[id]) continue;
      if (skip > 0) skip--;
      else ids.push(id);
    }
  }
  return { total, ids };
}

interface Hits {
  terms: string[];
  state: string;
  ids: number[];
  /** Whether some of the ids came from the PDFs' text. */
  inText: boolean;
}
const hitsCache = new WeakMap<Database, Hits>();

/**
 * Ids of the papers the search matches (title, abstract, authors, note, or the text of their PDF).
 * They come from SQLite as one JSON array, which costs half of reading them row by row. While the
 * user goes on typing a word, each query finds a subset of the last one's hits: when counting them
 * (a quarter of the cost of reading them) gives as many, they are the same papers.
 */
function searchIds(db: Database, terms: string[], state: string): number[] {
  const fts = terms.join(' ');
  const last = hitsCache.get(db);
  if (last && last.state === state && last.terms.join(' ') === fts) return last.ids;
  const inText = textMatches(db, fts);
  if (last && last.state === state && !last.inText && !inText.length && narrows(last.terms, terms)) {
    const count = db.prepare('SELECT count(*) FROM paper_fts WHERE paper_fts MATCH ?').pluck().get(fts) as number;
    if (count === last.ids.length) {
      hitsCache.set(db, { ...last, terms });
      return last.ids;
    }
  }
  const json = db.prepare('SELECT json_group_array(rowid) FROM paper_fts WHERE paper_fts MATCH ?').pluck().get(fts) as string;
  const ids = JSON.parse(json) as number[];
  if (inText.length) {
    const seen = new Set(ids);
    for (const id of inText) if (!seen.has(id) && paperExists(db, id)) ids.push(id);
  }
  hitsCache.set(db, { terms, state, ids, inText: inText.length > 0 });
  return ids;
}

/**
 * Whether every paper `next` finds is one `prev` found: the same words, with the last one (a
 * prefix in `prev`) grown, or a word added.
 */
export function narrows(prev: string[], next: string[]): boolean {
  if (next.length < prev.length) return false;
  for (let i = 0; i < prev.length; i++) {
    const a = prev[i]!;
    const b = next[i]!;
    if (a === b) continue;
    // "lan"* contains "lang"* and "language".
    if (i !== prev.length - 1 || !a.endsWith('*')) return false;
    const stem = a.slice(0, -2); // without the closing quote and the star
    if (!b.startsWith(stem)) return false;
  }
  return true;
}

function paperExists(db: Database, id: number): boolean {
  return db.prepare('SELECT 1 FROM paper WHERE id = ?').get(id) !== undefined;
}

/**
 * Builds the order the quick search will walk, ahead of the first key (one index walk: about 30 ms
 * at 100,000 papers), so that key costs only its FTS query.
 */
export function warmSearchOrder(db: Database, sort: SortColumn | null): void {
  sortOrder(db, sort, libraryState(db));
}

interface Order {
  /** Paper ids in the sort's ascending order (the default order for no sort). */
  ids: Int32Array;
  /** Each paper's place in `ids`, indexed by id. */
  pos: Int32Array;
}
const orders = new WeakMap<Database, { state: string; bySort: Map<string, Order> }>();

/** The whole library in one sort's order; built once per state of the library (one index walk). */
function sortOrder(db: Database, sort: SortColumn | null, state: string): Order {
  let cache = orders.get(db);
  if (!cache || cache.state !== state) orders.set(db, (cache = { state, bySort: new Map() }));
  const name = sort ?? '';
  const known = cache.bySort.get(name);
  if (known) return known;
  const list = db.prepare(`SELECT p.id FROM paper p ORDER BY ${orderBy(sort, false)}`).pluck().all() as number[];
  const ids = Int32Array.from(list);
  let maxId = 0;
  for (const id of list) if (id > maxId) maxId = id;
  const pos = new Int32Array(maxId + 1);
  for (let i = 0; i < ids.length; i++) pos[ids[i]!] = i;
  const order = { ids, pos };
  cache.bySort.set(name, order);
  return order;
}
