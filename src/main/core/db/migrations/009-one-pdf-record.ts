import type { Migration } from './migration';

/**
 * A paper's PDF is recorded once, in paper_file (migration 003: its path relative to the library
 * folder, size and hash). Migration 002 had also put the path and size on paper itself
 * (pdf_path, pdf_bytes), and downloads and attach wrote both; the two could disagree (a row
 * written by an older build, a file replaced by hand). A paper whose PDF was recorded only on
 * paper keeps it, as a paper_file row with an unknown hash (its text is then read again, as 003
 * did for the PDFs before it); then the two columns go. pdf_state (none, queued, downloaded,
 * failed) stays on paper: it is the download's state, not the file's record.
 */
export const m009OnePdfRecord: Migration = {
  version: 9,
  name: 'one-pdf-record',
  up: (db) => {
    db.exec(`
      INSERT OR IGNORE INTO paper_file (paper_id, rel_path, bytes, sha256, source, added_at)
        SELECT id, pdf_path, coalesce(pdf_bytes, 0), '', 'arxiv', added_at FROM paper
        WHERE pdf_state = 'downloaded' AND coalesce(pdf_path, '') <> ''
          AND id NOT IN (SELECT paper_id FROM paper_file);
      ALTER TABLE paper DROP COLUMN pdf_path;
      ALTER TABLE paper DROP COLUMN pdf_bytes;
    `);
  },
};
