import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { SCHEMA_VERSION } from '../db/migrations';
import { getPaper, listPapers, markPapers } from '../library/papers';
import { readRevision } from '../library/revision';
import { hasPending } from '../search/fts';
import { APP_VERSION } from '../version';

type LibraryHandlers = Pick<Handlers, 'libraryInfo' | 'revision' | 'listPapers' | 'getPaper' | 'markPapers'>;

export function libraryHandlers({ db, dataDir, now }: CoreContext): LibraryHandlers {
  return {
    libraryInfo: () => ({
      path: dataDir,
      papers: db.prepare('SELECT count(*) FROM paper').pluck().get() as number,
      digests: db.prepare('SELECT count(*) FROM digest').pluck().get() as number,
      schemaVersion: SCHEMA_VERSION,
      appVersion: APP_VERSION,
    }),
    revision: () => ({ revision: readRevision(db), indexing: hasPending(db) }),
    listPapers: (input) => listPapers(db, input, now()),
    getPaper: (input) => getPaper(db, input.ref),
    markPapers: (input) => markPapers(db, input.refs, input.status, now().toISOString()),
  };
}
