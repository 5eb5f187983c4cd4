import type { ArxivSettings } from './arxiv/settings';
import type { WritableDB } from './db/handles';
import type { FacetService } from './library/facet-service';
import type { Logger } from './logger';
import type { TextQueue } from './fulltext/queue';
import type { ReceivedFiles } from './received-files';
import type { ImportService } from './library/import-service';

/** What every handler group gets: the open library and the side effects passed in by the host. */
export interface CoreContext {
  /** The library's connection; queries that only read take it as a ReadableDB. */
  db: WritableDB;
  dataDir: string;
  resourcesDir: string | null;
  now: () => Date;
  logger: Logger;
  /** Ask for the search index to catch up in the background (a no-op in the CLI). */
  scheduleIndexing: () => void;
  /**
   * The one trigger after a write that added papers: a few are indexed now so the answer's papers
   * are searchable, more in the background; the CLI (no background) indexes them all now.
   * Returns whether everything is searchable.
   */
  indexNew: (added: number) => boolean;
  /** The import walk: in the import worker (app, server) or in this thread (CLI, tests). */
  imports: ImportService;
  /**
   * Work that makes a likely next request faster, run once requests pause for a moment; a newer
   * task replaces one still waiting (a no-op in the CLI).
   */
  whenIdle: (task: () => void) => void;
  /** Epoch ms, for pacing and time left (kept apart from `now`, which tests may freeze). */
  clock: () => number;
  /** arXiv's endpoints and pacing; throws BAD_INPUT naming the setting when one is malformed. */
  arxiv: () => ArxivSettings;
  /** New work was queued: the background worker (app, server) starts on it now. */
  wakeWorker: () => void;
  /** Full-text extraction of PDFs, in a worker thread (in the background where the host allows). */
  text: TextQueue;
  /** The desktop shell's file actions; null outside the desktop app. */
  desktop: DesktopShell | null;
  /** Facet counts, off the main thread where the host allows it. */
  facets: FacetService;
  /** Files the transports received from the user, by handle (attachPdf never takes a path). */
  received: ReceivedFiles;
}

/** What only the desktop app can do with a file (Electron's shell, passed in by src/main/index.ts). */
export interface DesktopShell {
  /** Opens the file in the system's default application; resolves to an error message or ''. */
  openPath(file: string): Promise<string>;
  showItemInFolder(file: string): void;
}
