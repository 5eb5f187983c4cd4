import type { Database } from 'better-sqlite3';
import type { ArxivSettings } from './arxiv/settings';
import type { Logger } from './logger';

/** What every handler group gets: the open library and the side effects passed in by the host. */
export interface CoreContext {
  db: Database;
  dataDir: string;
  resourcesDir: string | null;
  now: () => Date;
  logger: Logger;
  /** Ask for the search index to catch up in the background (a no-op in the CLI). */
  scheduleIndexing: () => void;
  /** Epoch ms, for pacing and time left (kept apart from `now`, which tests may freeze). */
  clock: () => number;
  /** arXiv's endpoints and pacing; throws BAD_INPUT naming the setting when one is malformed. */
  arxiv: () => ArxivSettings;
  /** New work was queued: the background worker (app, server) starts on it now. */
  wakeWorker: () => void;
}
