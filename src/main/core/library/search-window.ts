import type { ReadableDB } from '../db/handles';
import type { SortColumn } from '../../../shared/model';
import type { LibraryQuery } from '../../../shared/query';
import { ftsAlone, orderBy, planQuery } from './query-plan';
import { ftsIds, libraryState } from './search-hits';

/**
 * The quick search alone (the table while the user types), answered in memory: the FTS hits come
 * back as ids, and the window is found by walking the sort's order, held as an array of ids per
 * sort column and rebuilt only when the library changes. Writing tens of thousands of hit ids into
 * a temporary table and counting them there cost three to four times the FTS query itself at
 * every keystroke; here the count is the number of hits and the window a walk of a few hundred
 * entries.
 *
 * Returns null when the query is not the quick search alone (other filters): the SQL path in
 * window.ts answers those, over the same hits (search-hits.ts).
 */
export function searchWindow(db: ReadableDB, q: Partial<LibraryQuery>, now: Date, offset: number, limit: number): { total: number; ids: number[] } | null {
  const fts = ftsAlone(planQuery(q, now));
  if (fts?.slot !== 'search') return null;

  const state = libraryState(db);
  const hits = ftsIds(db, 'search', fts.match);
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

/**
 * Builds the order the quick search will walk, ahead of the first key (one index walk: about 30 ms
 * at 100,000 papers), so that key costs only its FTS query.
 */
export function warmSearchOrder(db: ReadableDB, sort: SortColumn | null): void {
  sortOrder(db, sort, libraryState(db));
}

interface Order {
  /** Paper ids in the sort's ascending order (the default order for no sort). */
  ids: Int32Array;
  /** Each paper's place in `ids`, indexed by id. */
  pos: Int32Array;
}
const orders = new WeakMap<ReadableDB, { state: string; bySort: Map<string, Order> }>();

/** The whole library in one sort's order; built once per state of the library (one index walk). */
function sortOrder(db: ReadableDB, sort: SortColumn | null, state: string): Order {
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
