import type { Database } from 'better-sqlite3';
import type { FacetService } from './library/facet-service';
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
  /** Facet counts, off the main thread where the host allows it. */
  facets: FacetService;
}
