import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { SCHEMA_VERSION } from '../db/migrations';
import { getPaper, listPapers } from '../library/papers';
import { readRevision } from '../db/revision';
import { warmSearchOrder } from '../library/search-window';
import { hasPending } from '../search/fts';
import { APP_VERSION } from '../version';

type LibraryHandlers = Pick<Handlers, 'libraryInfo' | 'revision' | 'listPapers' | 'facetCounts' | 'getPaper'>;

export function libraryHandlers({ db, dataDir, now, whenIdle, facets }: CoreContext): LibraryHandlers {
  return {
    libraryInfo: () => ({
      path: dataDir,
      papers: db.prepare('SELECT count(*) FROM paper').pluck().get() as number,
      digests: db.prepare('SELECT count(*) FROM digest').pluck().get() as number,
      schemaVersion: SCHEMA_VERSION,
      appVersion: APP_VERSION,
    }),
    revision: () => ({ revision: readRevision(db), indexing: hasPending(db) }),
    listPapers: (input) => {
      const out = listPapers(db, input, now());
      // The table is on screen: have its order ready for the first key typed in the quick search.
      if (!input.search) whenIdle(() => warmSearchOrder(db, input.sort ?? null));
      return out;
    },
    facetCounts: (input) => facets.count(input.query, now(), input.digestLimit),
    getPaper: (input) => getPaper(db, input.ref),
  };
}
