import type { Migration } from './migration';

/**
 * Pinned citation keys and persistent notices.
 * - cite_key: assigned the first time a paper is exported and never changed after, so a key
 *   the user cited in a manuscript keeps pointing at the same paper whatever metadata arrives
 *   later (as Better BibTeX pins keys). Unique without regard to case: BibTeX tools disagree on it.
 * - notice: what the library has to tell its user (a backup was restored, a damaged file was set
 *   aside). Written by whichever process found it, shown by the UI until dismissed.
 */
export const m005Trust: Migration = {
  version: 5,
  name: 'cite keys and notices',
  up: (db) => {
    db.exec(`
      ALTER TABLE paper ADD COLUMN cite_key TEXT;
      CREATE UNIQUE INDEX paper_cite_key ON paper(cite_key COLLATE NOCASE) WHERE cite_key IS NOT NULL;

      CREATE TABLE notice (
        id INTEGER PRIMARY KEY,
        level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
        title TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        dismissed_at TEXT
      );
      CREATE INDEX notice_open ON notice(dismissed_at, id);
    `);
  },
};
