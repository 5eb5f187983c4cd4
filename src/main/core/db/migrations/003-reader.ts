import type { Migration } from './migration';

/**
 * The reader's data: the PDF file a paper has in the library folder, where the reader left off,
 * the reader's settings, and the full text of each PDF in its own search index.
 *
 * Every name here is prefixed (reader_, fulltext_) or owned by this migration alone (paper_file),
 * so migration 002 (downloads), written at the same time, can add its own without a clash.
 */
export const m003Reader: Migration = {
  version: 3,
  name: 'reader',
  up: (db) => {
    db.exec(`
      -- The PDF of a paper, as a path relative to the library folder (always under pdf/), so
      -- copying the folder copies the library. Checked against the folder on every use.
      CREATE TABLE paper_file (
        paper_id INTEGER PRIMARY KEY REFERENCES paper(id) ON DELETE CASCADE,
        rel_path TEXT NOT NULL UNIQUE,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'attached',
        added_at TEXT NOT NULL
      );

      -- Where the reader left off: the page at the top of the view, how far into it (0..1 of its
      -- height, so it survives a zoom change), the zoom, and the furthest page seen (0 until a
      -- page was; the last page counts once its end was in view).
      CREATE TABLE reader_position (
        paper_id INTEGER PRIMARY KEY REFERENCES paper(id) ON DELETE CASCADE,
        page INTEGER NOT NULL CHECK (page >= 1),
        page_offset REAL NOT NULL CHECK (page_offset >= 0 AND page_offset <= 1),
        zoom TEXT NOT NULL,
        furthest_page INTEGER NOT NULL CHECK (furthest_page >= 0),
        page_count INTEGER NOT NULL CHECK (page_count >= 1),
        updated_at TEXT NOT NULL
      );

      CREATE TABLE reader_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      -- One row per paper whose PDF was read for text, keyed by the file's hash: a new file is
      -- read again, a file that failed is not retried until it changes.
      CREATE TABLE fulltext_state (
        paper_id INTEGER PRIMARY KEY REFERENCES paper(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('done', 'failed')),
        pages INTEGER NOT NULL DEFAULT 0,
        chars INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        extracted_at TEXT NOT NULL
      );

      -- The text of every page, one row per page: rowid = paper_id * 2^20 + page, so a paper's
      -- pages are one rowid range (snippets and deletes stay cheap) and a hit names its page.
      CREATE VIRTUAL TABLE fulltext_fts USING fts5(body, tokenize='unicode61 remove_diacritics 2');
      -- PDFs downloaded before this migration (002's columns) become the papers' files.
      INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, source, added_at)
        SELECT id, pdf_path, coalesce(pdf_bytes, 0), '', 'arxiv', added_at FROM paper
        WHERE pdf_state = 'downloaded' AND pdf_path IS NOT NULL;
      CREATE TRIGGER fulltext_paper_delete AFTER DELETE ON paper
      BEGIN
        DELETE FROM fulltext_fts WHERE rowid BETWEEN old.id * 1048576 AND old.id * 1048576 + 1048575;
      END;
    `);
  },
};
