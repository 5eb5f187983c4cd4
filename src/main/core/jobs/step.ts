import type { Database } from 'better-sqlite3';
import type { ArxivClient, ArxivError } from '../arxiv/client';
import type { WebSettings } from '../crossref/settings';
import type { HostClient } from '../downloads/hosts';
import type { Logger } from '../logger';
import type { WorkEvent } from './events';

/**
 * What each pipeline (enrich known ids, look DOIs up, resolve titles, download PDFs) gets from the
 * queue that runs it: the library, the one arXiv client (so every request keeps the same pace),
 * the client for every other host (Crossref, Unpaywall, publishers: one connection and a pause per
 * host), where to report, and how to pause all traffic after a transient failure.
 */
export interface StepContext {
  db: Database;
  dataDir: string;
  client: ArxivClient;
  hosts: HostClient;
  web: WebSettings;
  now: () => Date;
  clock: () => number;
  logger: Logger;
  emit: (e: WorkEvent) => void;
  /** Every request to arXiv waits (Retry-After, else exponential backoff), and the retry is reported. */
  pause: (e: ArxivError, attempt: number, paperId: number | null, title: string) => void;
}
