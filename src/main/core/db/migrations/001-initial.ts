import type { Migration } from './migration';

/** Papers, digests, the paper–digest link, and the search index over title/abstract/authors. */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE paper (
        id INTEGER PRIMARY KEY,
        arxiv_id TEXT,
        arxiv_version INTEGER,
        doi TEXT,
        title TEXT NOT NULL,
        title_key TEXT NOT NULL,
        abstract TEXT,
        authors TEXT,            -- JSON array of names, NULL until known
        author_count INTEGER,
        published TEXT,          -- YYYY-MM-DD
        upvotes INTEGER NOT NULL DEFAULT 0,
        links TEXT NOT NULL DEFAULT '[]',
        categories TEXT,         -- JSON array
        status TEXT NOT NULL DEFAULT 'unread' CHECK (status IN ('unread', 'reading', 'read')),
        status_changed_at TEXT NOT NULL,
        read_at TEXT,
        pdf_state TEXT NOT NULL DEFAULT 'none' CHECK (pdf_state IN ('none', 'queued', 'downloaded', 'failed')),
        added_at TEXT NOT NULL,
        last_digest_id INTEGER,
        digest_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX paper_arxiv ON paper(arxiv_id) WHERE arxiv_id IS NOT NULL;
      CREATE INDEX paper_doi ON paper(doi) WHERE doi IS NOT NULL;
      CREATE INDEX paper_title_key ON paper(title_key);
      CREATE INDEX paper_status ON paper(status, added_at);
      CREATE INDEX paper_published ON paper(published);
      CREATE INDEX paper_upvotes ON paper(upvotes);
      CREATE INDEX paper_added ON paper(added_at);
      CREATE INDEX paper_title ON paper(title COLLATE NOCASE);
      CREATE INDEX paper_last_digest ON paper(last_digest_id);

      CREATE TABLE digest (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        date TEXT,
        format TEXT NOT NULL,
        source_name TEXT,
        raw TEXT NOT NULL,       -- the text as imported: nothing the user brought in is lost
        content_hash TEXT NOT NULL, -- sha256 of raw: the same file imported twice is one digest
        imported_at TEXT NOT NULL
      );
      CREATE INDEX digest_hash ON digest(content_hash);

      CREATE TABLE paper_digest (
        paper_id INTEGER NOT NULL REFERENCES paper(id) ON DELETE CASCADE,
        digest_id INTEGER NOT NULL REFERENCES digest(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        upvotes INTEGER,
        PRIMARY KEY (paper_id, digest_id)
      ) WITHOUT ROWID;
      CREATE INDEX paper_digest_digest ON paper_digest(digest_id, rank);

      -- Every write transaction bumps this, so any process can tell that the library changed.
      CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('revision', 0), ('fts_indexed_upto', 0);

      -- External-content index. New rows are indexed in batches (see search/fts.ts) so a large
      -- import commits fast and becomes searchable soon after; updates and deletes of rows
      -- already indexed are kept in step by the triggers. detail=column indexes a third faster
      -- than full and keeps prefix search, snippet() and highlight(); the quick search never
      -- needs phrase queries (search/fts.ts quotes single tokens).
      CREATE VIRTUAL TABLE paper_fts USING fts5(
        title, abstract, authors,
        content='paper', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2',
        detail=column
      );
      CREATE TRIGGER paper_fts_update AFTER UPDATE OF title, abstract, authors ON paper
      WHEN old.id <= (SELECT value FROM meta WHERE key = 'fts_indexed_upto')
      BEGIN
        INSERT INTO paper_fts (paper_fts, rowid, title, abstract, authors)
          VALUES ('delete', old.id, old.title, old.abstract, old.authors);
        INSERT INTO paper_fts (rowid, title, abstract, authors)
          VALUES (new.id, new.title, new.abstract, new.authors);
      END;
      CREATE TRIGGER paper_fts_delete AFTER DELETE ON paper
      WHEN old.id <= (SELECT value FROM meta WHERE key = 'fts_indexed_upto')
      BEGIN
        INSERT INTO paper_fts (paper_fts, rowid, title, abstract, authors)
          VALUES ('delete', old.id, old.title, old.abstract, old.authors);
      END;
    `);
  },
};
