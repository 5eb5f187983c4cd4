import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { PaperRow } from '../../../shared/model';
import type { LibraryQuery } from '../../../shared/query';
import { api } from '../api';

/** A little more than a screenful: the first page of a new query is what the table draws, and a smaller answer arrives sooner. */
export const PAGE_SIZE = 40;

/** What the table shows: the library's filters, the quick search and the sort (shared/query.ts). */
export type TableQuery = LibraryQuery;

/**
 * The table's rows, fetched a page at a time from the core as they come into view; the renderer
 * never holds the whole library. A change of query starts over; a change of revision (data
 * changed somewhere) refetches the pages in view without blanking them.
 */
export function usePagedRows(query: TableQuery, revision: number) {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cache = useRef(new Map<number, PaperRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const visiblePages = useRef<[number, number]>([0, 0]);
  // After a query change the old rows stay in view until the new first page arrives: no flash of
  // empty rows, and the table's DOM is updated once rather than torn down and rebuilt.
  const stale = useRef(false);
  const [version, bump] = useReducer((x: number) => x + 1, 0);
  const key = JSON.stringify(query);

  // One request at a time, and those of an older query are dropped before they are sent: typing
  // fast in a large library then costs the core one query per pause, not one per key.
  const busy = useRef(false);
  const waiting = useRef<{ gen: number; run: () => Promise<void> }[]>([]);
  const drain = useCallback(() => {
    while (!busy.current && waiting.current.length) {
      const next = waiting.current.shift()!;
      if (next.gen !== generation.current) continue;
      busy.current = true;
      void next.run().finally(() => {
        busy.current = false;
        drain();
      });
    }
  }, []);

  const fetchPage = useCallback(
    (page: number) => {
      const gen = generation.current;
      inflight.current.add(page);
      waiting.current = waiting.current.filter((w) => w.gen === gen);
      waiting.current.push({ gen, run: () => request(gen, page) });
      drain();
    },
    // The query is captured by key: a new key is a new fetcher.
    [key, drain],
  );

  const request = (gen: number, page: number) =>
    api
        .listPapers({ ...query, search: query.search || null, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
        .then((r) => {
          if (gen !== generation.current) return;
          if (stale.current) {
            stale.current = false;
            cache.current.clear();
          }
          cache.current.set(page, r.rows);
          setTotal(r.total);
          setError(null);
          bump();
        })
        .catch((e: Error) => {
          if (gen === generation.current) setError(e.message);
        })
        .finally(() => {
          if (gen === generation.current) inflight.current.delete(page);
        });

  useEffect(() => {
    generation.current++;
    stale.current = cache.current.size > 0;
    inflight.current.clear();
    fetchPage(0);
  }, [fetchPage]);

  const firstRevision = useRef(revision);
  useEffect(() => {
    if (revision === firstRevision.current) return;
    generation.current++;
    inflight.current.clear();
    const [a, b] = visiblePages.current;
    for (const p of [...cache.current.keys()]) if (p < a || p > b) cache.current.delete(p);
    for (let p = a; p <= b; p++) fetchPage(p);
  }, [revision, fetchPage]);

  /** Tell the hook which rows are in view; it fetches the pages they need. */
  const ensureRange = useCallback(
    (first: number, last: number) => {
      const a = Math.floor(Math.max(0, first) / PAGE_SIZE);
      const b = Math.floor(Math.max(0, last) / PAGE_SIZE);
      visiblePages.current = [a, b];
      if (stale.current) return; // the new query's first page decides what else is needed
      for (let p = a; p <= b; p++) if (!cache.current.has(p) && !inflight.current.has(p)) fetchPage(p);
    },
    [fetchPage],
  );

  const rowAt = useCallback((i: number): PaperRow | undefined => cache.current.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE], []);

  const loadedWhere = useCallback((test: (row: PaperRow) => boolean): number[] => {
    const out: number[] = [];
    for (const page of [...cache.current.keys()].sort((a, b) => a - b)) {
      cache.current.get(page)!.forEach((row, k) => {
        if (test(row)) out.push(page * PAGE_SIZE + k);
      });
    }
    return out;
  }, []);

  return { total, error, rowAt, loadedWhere, ensureRange, version };
}
