import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../shared/contract';
import type { CoreContext } from './context';
import { openDatabase } from './db/open';
import { startAutoBackup, type AutoBackup } from './backup/auto';
import { exportHandlers } from './handlers/export';
import { healthHandlers } from './handlers/health';
import { guardDamage } from './health/guard';
import { importHandlers } from './handlers/import';
import { libraryHandlers } from './handlers/library';
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
  /** Back the library up once a day while running (servers, the app); delays for tests. */
  autoBackup?: boolean | { delayMs?: number; everyMs?: number };
}

export interface Core {
  handlers: Handlers;
  db: Database;
  dataDir: string;
  /** Index everything still pending, now (CLI, tests). */
  finishIndexing(): void;
  /** The daily backup, when the host asked for it. */
  autoBackup: AutoBackup | null;
  close(): void;
}

/** Opens the library and assembles the handlers of every domain over it. */
export function createCore(deps: CoreDeps): Core {
  const dataDir = path.resolve(deps.dataDir);
  const db = openDatabase(dataDir, { nativeBinding: deps.nativeBinding });
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

  const ctx: CoreContext = {
    db,
    dataDir,
    resourcesDir: deps.resourcesDir ?? null,
    now: deps.now ?? (() => new Date()),
    logger,
    scheduleIndexing,
  };
  const handlers: Handlers = guardDamage(
    { ...libraryHandlers(ctx), ...importHandlers(ctx), ...exportHandlers(ctx), ...healthHandlers(ctx) },
    dataDir,
    logger,
  );
  scheduleIndexing(); // catch up on anything a crashed or killed process left unindexed
  const timing = typeof deps.autoBackup === 'object' ? deps.autoBackup : {};
  const autoBackup = deps.autoBackup ? startAutoBackup({ db, dataDir, now: ctx.now, logger, nativeBinding: deps.nativeBinding, ...timing }) : null;

  return {
    handlers,
    db,
    dataDir,
    autoBackup,
    finishIndexing: () => {
      while (indexPending(db, 20000).pending);
    },
    close: () => {
      closed = true;
      if (indexTimer) clearTimeout(indexTimer);
      autoBackup?.stop();
      db.close();
    },
  };
}
