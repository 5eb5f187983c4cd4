import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { PaperRow } from '../../../shared/model';
import type { LibraryQuery } from '../../../shared/query';
import { api } from '../api';
import { PageCache } from './page-cache';

/** A little more than a screenful: the first page of a new query is what the table draws, and a smaller answer arrives sooner. */
const PAGE_SIZE = 40;

/**
 * The table's rows, fetched a page at a time from the core as they come into view; the renderer
 * never holds the whole library. What is kept and asked for is table/page-cache.ts; this hook
 * sends its requests and re-renders when rows arrive.
 */
export function usePagedRows(query: LibraryQuery, revision: number) {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cache = useRef(new PageCache<PaperRow, LibraryQuery>(PAGE_SIZE)).current;
  const [version, bump] = useReducer((x: number) => x + 1, 0);
  const key = JSON.stringify(query);

  const drain = useCallback(() => {
    for (let job = cache.next(); job; job = cache.next()) {
      const { gen, page, query: q, offset, limit } = job;
      void api
        .listPapers({ ...q, search: q.search || null, offset, limit })
        .then((r) => {
          if (!cache.receive(gen, page, r.rows)) return;
          setTotal(r.total);
          setError(null);
          bump();
        })
        .catch((e: Error) => {
          if (cache.fail(gen, page)) setError(e.message);
        })
        .finally(drain);
    }
  }, [cache]);

  useEffect(() => {
    cache.restart(JSON.parse(key) as LibraryQuery);
    drain();
  }, [key, cache, drain]);

  const firstRevision = useRef(revision);
  useEffect(() => {
    if (revision === firstRevision.current) return;
    cache.refresh();
    drain();
  }, [revision, cache, drain]);

  /** Tell the hook which rows are in view; it fetches the pages they need. */
  const ensureRange = useCallback(
    (first: number, last: number) => {
      cache.show(first, last);
      drain();
    },
    [cache, drain],
  );
  const rowAt = useCallback((i: number) => cache.rowAt(i), [cache]);
  const loadedWhere = useCallback((test: (row: PaperRow) => boolean) => cache.loadedWhere(test), [cache]);

  return { total, error, rowAt, loadedWhere, ensureRange, version };
}
