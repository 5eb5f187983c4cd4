import type { Migration } from './migration';

/**
 * arXiv resolution and the PDF download queue.
 *
 * paper gains where its PDF is (relative to the library folder), why a download failed, and
 * where it stands with arXiv (resolve_state, with the candidates of an unsure match kept in
 * resolve_candidate). download_job is the persistent queue: a row exists exactly while the
 * paper's pdf_state is 'queued'. arxiv_state is one row shared by every process on the library:
 * who works the queue, when the last request to arXiv ended (politeness survives restarts), a
 * pause asked for by arXiv, a 403 stop, and the current batch's counters for the progress bar.
 */
export const m002Downloads: Migration = {
  version: 2,
  name: 'downloads',
  up: (db) => {
    db.exec(`
      ALTER TABLE paper ADD COLUMN pdf_path TEXT;        -- 'pdfs/<id>.pdf', relative to the library folder
      ALTER TABLE paper ADD COLUMN pdf_bytes INTEGER;
      ALTER TABLE paper ADD COLUMN pdf_version INTEGER;
      ALTER TABLE paper ADD COLUMN pdf_error TEXT;       -- why the last download failed
      ALTER TABLE paper ADD COLUMN pdf_url TEXT;         -- arXiv's PDF link, from the API
      ALTER TABLE paper ADD COLUMN resolve_state TEXT
        CHECK (resolve_state IN ('queued', 'matched', 'review', 'unmatched', 'chosen', 'enriched', 'failed'));
      ALTER TABLE paper ADD COLUMN resolve_note TEXT;
      ALTER TABLE paper ADD COLUMN resolve_score REAL;
      ALTER TABLE paper ADD COLUMN resolve_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE paper ADD COLUMN enriched_at TEXT;
      CREATE INDEX paper_pdf_state ON paper(pdf_state);
      CREATE INDEX paper_resolve_state ON paper(resolve_state) WHERE resolve_state IS NOT NULL;

      CREATE TABLE resolve_candidate (
        paper_id INTEGER NOT NULL REFERENCES paper(id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        arxiv_id TEXT NOT NULL,
        score REAL NOT NULL,
        why TEXT NOT NULL,
        entry TEXT NOT NULL,     -- the arXiv entry as JSON: applying a pick needs no request
        PRIMARY KEY (paper_id, rank)
      ) WITHOUT ROWID;

      CREATE TABLE download_job (
        paper_id INTEGER PRIMARY KEY REFERENCES paper(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,    -- queue order
        state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'review')),
        attempts INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        total INTEGER,
        etag TEXT,               -- of the partial file, to resume only the same file
        last_error TEXT,
        started_at INTEGER,      -- epoch ms, while downloading
        queued_at TEXT NOT NULL
      );
      CREATE INDEX download_job_order ON download_job(state, seq);

      CREATE TABLE arxiv_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        worker TEXT,             -- 'host pid nonce' of the process working the queue
        worker_heartbeat INTEGER NOT NULL DEFAULT 0,
        current_paper INTEGER,
        last_request_end INTEGER NOT NULL DEFAULT 0,
        not_before INTEGER NOT NULL DEFAULT 0,
        pause_reason TEXT,
        blocked_at TEXT,
        blocked_reason TEXT,
        batch_total INTEGER NOT NULL DEFAULT 0,
        batch_done INTEGER NOT NULL DEFAULT 0,
        avg_job_ms INTEGER
      );
      INSERT INTO arxiv_state (id) VALUES (1);
    `);
  },
};
