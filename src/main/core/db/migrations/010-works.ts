import type { Migration } from './index';

/**
 * Papers beyond arXiv: what Crossref says of a DOI, a work's other identifiers, retractions, and
 * the pace of every host other than arXiv.
 * - paper.venue / venue_year: where the work was published (Crossref's container-title and the
 *   year of the version of record, or arXiv's journal_ref); work_type: Crossref's type;
 *   preprint_server: the server of a preprint known by its DOI (bioRxiv, medRxiv, ESSOAr).
 * - paper.retraction: JSON {doi, url, date, label} of the retraction notice Crossref links to the
 *   DOI (updated-by of type retraction); NULL when there is none. A partial index finds them.
 * - paper.crossref_state: the DOI's lookup (queued, found, missing: Crossref does not know it,
 *   failed), with its note and tries; crossref_at: when it was last looked up.
 * - paper_alias: the other identifiers of a paper's work (a bioRxiv preprint's DOI next to the
 *   journal's, an arXiv preprint of a published paper), so that importing either finds the paper.
 * - host_state: per host (Crossref, Unpaywall, publishers), when the last request ended and a
 *   pause the host asked for (429 Retry-After, backoff), kept across restarts as arXiv's is.
 */
export const m010Works: Migration = {
  version: 10,
  name: 'works',
  up: (db) => {
    db.exec(`
      ALTER TABLE paper ADD COLUMN venue TEXT;
      ALTER TABLE paper ADD COLUMN venue_year INTEGER;
      ALTER TABLE paper ADD COLUMN work_type TEXT;
      ALTER TABLE paper ADD COLUMN preprint_server TEXT;
      ALTER TABLE paper ADD COLUMN retraction TEXT;
      ALTER TABLE paper ADD COLUMN crossref_state TEXT CHECK (crossref_state IN ('queued', 'found', 'missing', 'failed'));
      ALTER TABLE paper ADD COLUMN crossref_note TEXT;
      ALTER TABLE paper ADD COLUMN crossref_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE paper ADD COLUMN crossref_at TEXT;
      CREATE INDEX paper_retracted ON paper(id) WHERE retraction IS NOT NULL;
      CREATE INDEX paper_crossref_queued ON paper(id) WHERE crossref_state = 'queued';

      CREATE TABLE paper_alias (
        kind TEXT NOT NULL CHECK (kind IN ('doi', 'arxiv')),
        value TEXT NOT NULL,
        paper_id INTEGER NOT NULL REFERENCES paper(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('preprint', 'published', 'version')),
        PRIMARY KEY (kind, value)
      ) WITHOUT ROWID;
      CREATE INDEX paper_alias_paper ON paper_alias(paper_id);

      CREATE TABLE host_state (
        host TEXT PRIMARY KEY,
        last_request_end INTEGER NOT NULL DEFAULT 0,
        not_before INTEGER NOT NULL DEFAULT 0,
        pause_reason TEXT
      ) WITHOUT ROWID;
    `);
  },
};
