import type { ReadableDB } from '../db/handles';
import type { FtsSlot } from './query-plan';

/**
 * Running full-text queries, with their caches: the one place an FTS query of the library is
 * evaluated. Each slot (the quick search, the authors filter) remembers its last hits as ids in
 * memory, reused until the query, the library (revision) or the index (watermark) changes, so the
 * count, every page, the facets and a select-all share one FTS evaluation. SQL that filters by the
 * hits joins a temporary table filled from those same ids, once per evaluation.
 */

interface Hits {
  match: string;
  state: string;
  ids: number[];
  /** Some of the ids came from the PDFs' text (the quick search only). */
  inText: boolean;
  /** Whether temp.hits_<slot> holds these ids. */
  materialized: boolean;
}
const cache = new WeakMap<ReadableDB, Map<FtsSlot, Hits>>();

/**
 * Ids of the papers an FTS query matches, in the search index (title, abstract, authors, note)
 * and, for the quick search, in the text of their PDFs. They come from SQLite as one JSON array,
 * which costs half of reading them row by row. While the user goes on typing a word, each query
 * finds a subset of the last one's hits: when counting them (a quarter of the cost of reading
 * them) gives as many, they are the same papers.
 */
export function ftsIds(db: ReadableDB, slot: FtsSlot, match: string): number[] {
  return hitsOf(db, slot, match).ids;
}

/** The temporary table that holds the hits of an FTS query (filled once per evaluation). */
export function ftsTable(db: ReadableDB, slot: FtsSlot, match: string): { table: string; count: number } {
  const hits = hitsOf(db, slot, match);
  const table = `temp.hits_${slot}`;
  if (!hits.materialized) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS hits_${slot} (id INTEGER PRIMARY KEY)`);
    db.exec(`DELETE FROM ${table}`);
    db.prepare(`INSERT INTO ${table} (id) SELECT value FROM json_each(?)`).run(JSON.stringify(hits.ids));
    hits.materialized = true;
  }
  return { table, count: hits.ids.length };
}

function hitsOf(db: ReadableDB, slot: FtsSlot, match: string): Hits {
  let slots = cache.get(db);
  if (!slots) cache.set(db, (slots = new Map()));
  const state = libraryState(db);
  const last = slots.get(slot);
  if (last && last.state === state && last.match === match) return last;
  const inText = slot === 'search' ? textMatches(db, match) : [];
  if (last && last.state === state && !last.inText && !inText.length && narrows(words(last.match), words(match))) {
    const count = db.prepare('SELECT count(*) FROM paper_fts WHERE paper_fts MATCH ?').pluck().get(match) as number;
    if (count === last.ids.length) {
      const same = { ...last, match };
      slots.set(slot, same);
      return same;
    }
  }
  const ids = JSON.parse(db.prepare('SELECT json_group_array(rowid) FROM paper_fts WHERE paper_fts MATCH ?').pluck().get(match) as string) as number[];
  if (inText.length) {
    const seen = new Set(ids);
    const exists = db.prepare('SELECT 1 FROM paper WHERE id = ?').pluck();
    for (const id of inText) if (!seen.has(id) && exists.get(id)) ids.push(id);
  }
  const hits = { match, state, ids, inText: inText.length > 0, materialized: false };
  slots.set(slot, hits);
  return hits;
}

const words = (match: string) => match.split(' ');

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

/**
 * The papers whose PDFs' text matches an FTS query (the reader's index: one row per page, rowid =
 * paper × 2^20 + page), remembered as the last text matches: only those rows of the table get a
 * snippet of where their text matched.
 */
function textMatches(db: ReadableDB, match: string): number[] {
  const ids = db.prepare('SELECT DISTINCT rowid / 1048576 FROM fulltext_fts WHERE fulltext_fts MATCH ?').pluck().all(match) as number[];
  lastTextHits.set(db, { key: `${match}\u0000${libraryState(db)}`, ids: new Set(ids) });
  return ids;
}
const lastTextHits = new WeakMap<ReadableDB, { key: string; ids: Set<number> }>();

/** Of these ids, the papers whose PDFs' text matches the FTS query (remembered from its last run). */
export function textHitsAmong(db: ReadableDB, ids: number[], match: string): Set<number> {
  const last = lastTextHits.get(db);
  const hits = last?.key === `${match}\u0000${libraryState(db)}` ? last.ids : new Set(textMatches(db, match));
  return new Set(ids.filter((id) => hits.has(id)));
}

/** Changes whenever the library or its search index does: the key of every cache over them. */
export function libraryState(db: ReadableDB): string {
  return db.prepare("SELECT group_concat(value) FROM meta WHERE key IN ('revision', 'fts_indexed_upto')").pluck().get() as string;
}
