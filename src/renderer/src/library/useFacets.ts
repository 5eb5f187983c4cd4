import { startTransition, useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import type { LibraryQuery } from '../../../shared/query';
import { api } from '../api';

export type Facets = MethodOutput<'facetCounts'>;

/**
 * Facet counts for the current query. They wait until the query has been still for a moment, so
 * typing in the search box is never slowed by counting, and a late answer for an older query is
 * dropped.
 */
export function useFacets(query: LibraryQuery, revision: number, delayMs = 350): Facets | null {
  const [facets, setFacets] = useState<Facets | null>(null);
  // The order of the rows changes no count: a sort change asks for nothing.
  const { sort: _sort, desc: _desc, ...filters } = query;
  const key = JSON.stringify(filters);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api
        .facetCounts({ query: JSON.parse(key) as LibraryQuery })
        .then((f) => live && startTransition(() => setFacets(f))) // counts never hold up a key
        .catch(() => {});
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [key, revision, delayMs]);
  return facets;
}
