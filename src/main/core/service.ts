import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../shared/contract';
import type { CoreContext } from './context';
import { DB_FILE, openDatabase } from './db/open';
import { inlineFacets, workerFacets } from './library/facet-service';
import { importHandlers } from './handlers/import';
import { libraryHandlers } from './handlers/library';
import { organizeHandlers } from './handlers/organize';
import { silentLogger, type Logger } from './logger';
import { indexPending } from './search/fts';

export { APP_VERSION } from './version';

/** Side effects the core needs, passed in so each host (app, CLI, server, tests) supplies its own. */
export interface CoreDeps {
  /** The library folder. */
  dataDir: string;
  now?: () => Date;
  logger?: Logger;
  nativeBinding?: string;
  /** The app's bundled resources (the sample digest). */
  resourcesDir?: string;
  /** Index new papers in the background (servers, the app); the CLI indexes before it exits. */
  backgroundIndexing?: boolean;
  /** The built facet worker (out/main/facets-worker.js): facet counts then run off the main thread. */
  facetsWorkerFile?: string;
}

export interface Core {
  handlers: Handlers;
  db: Database;
  dataDir: string;
  /** Index everything still pending, now (CLI, tests). */
  finishIndexing(): void;
  close(): void;
}

/** Opens the library and assembles the handlers of every domain over it. */
export function createCore(deps: CoreDeps): Core {
  const dataDir = path.resolve(deps.dataDir);
  const db = openDatabase(dataDir, { nativeBinding: deps.nativeBinding });
  // The quick search's hits and the selections live in temporary tables: keep them in memory.
  db.pragma('temp_store = MEMORY');
  // A table page and a search fetch touch scattered rows and index pages: keep more of them.
  db.pragma('cache_size = -32768');
  const logger = deps.logger ?? silentLogger;
  let indexTimer: NodeJS.Timeout | null = null;
  let closed = false;

  // A batch at a time, yielding to the event loop between batches so requests keep flowing.
  const scheduleIndexing = () => {
    if (!deps.backgroundIndexing || indexTimer || closed) return;
    indexTimer = setTimeout(() => {
      indexTimer = null;
      if (closed) return;
      try {
        if (indexPending(db, 4000).pending) scheduleIndexing();
      } catch (e) {
        logger.error('search indexing failed', e);
      }
    }, 0);
  };

  const facets = deps.facetsWorkerFile
    ? workerFacets(db, deps.facetsWorkerFile, path.join(dataDir, DB_FILE), deps.nativeBinding, logger)
    : inlineFacets(db);
  const ctx: CoreContext = {
    db,
    dataDir,
    resourcesDir: deps.resourcesDir ?? null,
    now: deps.now ?? (() => new Date()),
    logger,
    scheduleIndexing,
    facets,
  };
  const handlers: Handlers = { ...libraryHandlers(ctx), ...importHandlers(ctx), ...organizeHandlers(ctx) };
  scheduleIndexing(); // catch up on anything a crashed or killed process left unindexed

  return {
    handlers,
    db,
    dataDir,
    finishIndexing: () => {
      while (indexPending(db, 20000).pending);
    },
    close: () => {
      closed = true;
      if (indexTimer) clearTimeout(indexTimer);
      facets.close();
      db.close();
    },
  };
}
