import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../shared/contract';
import type { CoreContext, DesktopShell } from './context';
import { DB_FILE, openDatabase } from './db/open';
import { webSettings, type WebSettings } from './crossref/settings';
import { arxivSettings, type ArxivSettings } from './arxiv/settings';
import { abortableSleep } from './arxiv/client';
import { existingPdfFile, type PdfFile } from './files/pdf-file';
import { createTextQueue } from './fulltext/queue';
import { refuseKnownBomb } from './fulltext/store';
import { childExtractor, type TextExtractor } from './fulltext/runner';
import { startAutoBackup, type AutoBackup } from './health/auto-backup';
import { guardDamage } from './health/guard';
import { idleRunner } from './idle';
import { inlineFacets, workerFacets } from './library/facet-service';
import { inlineImports, workerImports } from './library/import-service';
import { silentLogger, type Logger } from './logger';
import { hasPending, INDEX_INLINE, indexPending } from './search/fts';
import { ArxivQueue } from './jobs/arxiv-queue';
import { localDayStart } from './handlers/subscriptions';
import { allHandlers } from './handlers';
import { createInterest, type InterestService } from './interest/service';
import { feedSettings, type FeedSettings } from './subscriptions/sources';
import { createSubscriptions, type SubscriptionService } from './subscriptions/service';
import { receivedFiles, type ReceivedFiles } from './received-files';

export { APP_VERSION } from './version';

/** Side effects the core needs, passed in so each host (app, CLI, server, tests) supplies its own. */
export interface CoreDeps {
  /** The library folder. */
  dataDir: string;
  /** The library's connection as prepareLibrary left it (checked, migrated): adopted, not opened again, and closed with the core. */
  db?: Database;
  now?: () => Date;
  logger?: Logger;
  nativeBinding?: string;
  /** The app's bundled resources (the sample digest). */
  resourcesDir?: string;
  /** Index new papers and extract PDF text in the background (servers, the app); the CLI does it before it exits. */
  backgroundIndexing?: boolean;
  /** Where arXiv settings are read (LECTERN_ARXIV_API, _PDF, _DELAY_MS); unset ones take defaults. */
  env?: Record<string, string | undefined>;
  /** HTTP for arXiv (default: Node's fetch). */
  fetch?: typeof fetch;
  /** Epoch ms for pacing (default Date.now). */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Work the resolve/download queue in the background (servers, the app). */
  backgroundWork?: boolean;
  /** The built text extraction process script (out/main/fulltext-worker.js); without it no text is extracted. */
  fulltextWorker?: string;
  /** Replaces the extraction process (tests). */
  textExtractor?: TextExtractor;
  /** File actions of the desktop app (open in the system viewer, reveal in folder). */
  desktop?: DesktopShell;
  /** Back the library up once a day while running (servers, the app); delays for tests. */
  autoBackup?: boolean | { delayMs?: number; everyMs?: number };
  /** The built facet worker (out/main/facets-worker.js): facet counts then run off the main thread. */
  facetsWorkerFile?: string;
  /** The built interest model thread (out/main/interest-worker.js): training and scoring then run off the main thread. */
  interestWorkerFile?: string;
  /** Fetch the subscriptions on start and then daily (servers, the app); delays for tests. */
  subscriptionSchedule?: boolean | { startDelayMs?: number; tickMs?: number };
  /** The built import worker (out/main/import-worker.js): imports are then parsed and written off the main thread. */
  importWorkerFile?: string;
}

export interface Core {
  handlers: Handlers;
  db: Database;
  dataDir: string;
  /** Resolves titles and downloads PDFs: in the background, or until idle (CLI). */
  arxivQueue: ArxivQueue;
  /** Index everything still pending, now (CLI, tests). */
  finishIndexing(): void;
  /** Lets the background arXiv queue finish its current write, then stops it. */
  stopWork(): Promise<void>;
  /** Extract the text of every PDF still pending, now (CLI, tests). */
  finishTextExtraction(): Promise<{ done: number; failed: number }>;
  /** A paper's PDF, confined to the library folder; NOT_FOUND when it has none (the PDF route and protocol). */
  pdfFile(paperId: number): PdfFile;
  /** The daily backup, when the host asked for it. */
  autoBackup: AutoBackup | null;
  /** Subscriptions: fetch rounds and their schedule. */
  subscriptions: SubscriptionService;
  /** The interest model: trained on the user's signals, scoring unread papers. */
  interest: InterestService;
  /** Where a transport registers a file the user handed over, for attachPdf's handle. */
  received: ReceivedFiles;
  close(): void;
}

/** Opens the library and assembles the handlers of every domain over it. */
export function createCore(deps: CoreDeps): Core {
  const dataDir = path.resolve(deps.dataDir);
  const db = deps.db ?? openDatabase(dataDir, { nativeBinding: deps.nativeBinding });
  // The quick search's hits and the selections live in temporary tables: keep them in memory.
  db.pragma('temp_store = MEMORY');
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

  const indexNew = (added: number): boolean => {
    if (!deps.backgroundIndexing) {
      while (indexPending(db, 20000).pending);
      return true;
    }
    // A small write is searchable when its answer arrives; a large one is indexed in batches.
    if (added <= INDEX_INLINE) indexPending(db, INDEX_INLINE);
    scheduleIndexing();
    return !hasPending(db);
  };

  // No request for this long is "idle": a user has stopped typing or scrolling.
  const idle = idleRunner(!!deps.backgroundIndexing, 300, logger);

  let settings: ArxivSettings | null = null;
  const arxiv = () => (settings ??= arxivSettings(deps.env ?? {}));
  let web: WebSettings | null = null;
  const clock = deps.clock ?? Date.now;
  const now = deps.now ?? (() => new Date());
  const arxivQueue = new ArxivQueue({
    db,
    dataDir,
    arxiv,
    web: () => (web ??= webSettings(deps.env ?? {})),
    fetch: deps.fetch ?? globalThis.fetch,
    clock,
    sleep: deps.sleep ?? abortableSleep,
    now,
    logger,
  });
  const extractor = deps.textExtractor ?? (deps.fulltextWorker ? childExtractor(deps.fulltextWorker, { logger }) : null);
  const text = createTextQueue({ db, dataDir, now, logger, extractor, background: !!deps.backgroundIndexing });

  const facets = deps.facetsWorkerFile
    ? workerFacets(db, deps.facetsWorkerFile, path.join(dataDir, DB_FILE), deps.nativeBinding, logger)
    : inlineFacets(db);
  const ctx: CoreContext = {
    db,
    dataDir,
    resourcesDir: deps.resourcesDir ?? null,
    now,
    logger,
    scheduleIndexing,
    indexNew,
    imports: deps.importWorkerFile ? workerImports(db, deps.importWorkerFile, dataDir, deps.nativeBinding, logger) : inlineImports(db),
    whenIdle: idle.whenIdle,
    clock,
    arxiv,
    wakeWorker: () => arxivQueue.wake(),
    text,
    desktop: deps.desktop ?? null,
    facets,
    received: receivedFiles(),
  };
  const interest = createInterest({
    db,
    dbFile: path.join(dataDir, DB_FILE),
    nativeBinding: deps.nativeBinding,
    workerFile: deps.interestWorkerFile,
    now,
    logger,
    background: !!deps.backgroundIndexing,
  });
  let feeds: FeedSettings | null = null;
  const subscriptions = createSubscriptions({
    db,
    now,
    clock,
    fetch: deps.fetch ?? globalThis.fetch,
    logger,
    feeds: () => (feeds ??= feedSettings(deps.env ?? {})),
    arxiv,
    arxivClient: () => arxivQueue.arxivClient(),
    interestOf: (entries) => interest.scoreEntries(entries),
    afterImport: (added) => {
      indexNew(added);
      interest.wake();
    },
    dayStart: () => localDayStart(now()),
  });
  const handlers: Handlers = idle.watch(guardDamage(allHandlers(ctx, { subscriptions, interest }), dataDir, logger));
  scheduleIndexing(); // catch up on anything a crashed or killed process left unindexed
  text.schedule(); // and on PDFs whose text was not extracted yet
  if (deps.backgroundWork) arxivQueue.startBackground();
  const timing = typeof deps.autoBackup === 'object' ? deps.autoBackup : {};
  if (deps.subscriptionSchedule) subscriptions.startSchedule(typeof deps.subscriptionSchedule === 'object' ? deps.subscriptionSchedule : {});
  const autoBackup = deps.autoBackup ? startAutoBackup({ db, dataDir, now: ctx.now, logger, nativeBinding: deps.nativeBinding, ...timing }) : null;

  return {
    handlers,
    db,
    dataDir,
    arxivQueue,
    autoBackup,
    subscriptions,
    interest,
    received: ctx.received,
    finishIndexing: () => {
      while (indexPending(db, 20000).pending);
    },
    stopWork: () => arxivQueue.stop(),
    finishTextExtraction: () => text.drain(),
    pdfFile: (paperId) => refuseKnownBomb(db, existingPdfFile(db, dataDir, paperId)),
    close: () => {
      closed = true;
      subscriptions.close();
      interest.close();
      void arxivQueue.stop();
      if (indexTimer) clearTimeout(indexTimer);
      idle.close();
      void text.close();
      autoBackup?.stop();
      facets.close();
      ctx.imports.close();
      ctx.received.close();
      db.close();
    },
  };
}
