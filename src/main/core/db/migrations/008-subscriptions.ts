import type { Migration } from './migration';

/**
 * Subscriptions and the interest model.
 * - subscription: a source fetched every day (HF Daily Papers by date, arXiv category RSS, any
 *   feed), its filters (JSON) and how its last fetch went. covered_through is the last HF day
 *   fetched whole, so missed days are caught up.
 * - subscription_request: conditional-request state (ETag, Last-Modified) per URL asked.
 * - subscription_run: one row per source and day fetched: what it found, what the filters left
 *   out, and the digest it made (the papers a subscription already brought are in those digests).
 * - setting: library-wide preferences (the daily fetch hour, the interest model on or off).
 * - interest_signal: what the user said by acting on a paper that its status does not keep (a
 *   triage skip); interest_removed: what a paper removed unread was about, kept after the paper
 *   is gone (a negative example).
 * - paper.interest (0–1, null without a model), paper.interest_rank (the "For you" sort key: the
 *   interest, or upvotes then date before there is a model) and paper.interest_because (JSON ids).
 *   Unread papers without a rank are found through a partial index, so new papers are scored at once.
 * - interest_model: the trained model (weights as a blob) and the signals it was trained on.
 */
export const m008Subscriptions: Migration = {
  version: 8,
  name: 'subscriptions',
  up: (db) => {
    db.exec(`
      CREATE TABLE subscription (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('hf-daily', 'arxiv', 'feed')),
        target TEXT,              -- arXiv categories ("cs.CL+cs.LG") or the feed's URL; NULL for hf-daily
        name TEXT NOT NULL,
        filters TEXT NOT NULL DEFAULT '{}',
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        last_fetched_at TEXT,     -- the last attempt, good or not
        last_ok_at TEXT,
        last_error TEXT,          -- why the last attempt failed; NULL once one succeeds
        failures INTEGER NOT NULL DEFAULT 0,  -- failed attempts in a row (backoff)
        retry_at TEXT,            -- not before this, after a failure
        covered_through TEXT      -- HF: the last day fetched whole (YYYY-MM-DD)
      );
      CREATE TABLE subscription_request (
        subscription_id INTEGER NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        checked_at TEXT NOT NULL,
        PRIMARY KEY (subscription_id, url)
      ) WITHOUT ROWID;
      CREATE TABLE subscription_run (
        id INTEGER PRIMARY KEY,
        subscription_id INTEGER NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        day TEXT,                 -- the day fetched (HF), or the feed's date
        found INTEGER NOT NULL,
        added INTEGER NOT NULL,
        existing INTEGER NOT NULL,
        filtered INTEGER NOT NULL,
        digest_id INTEGER REFERENCES digest(id) ON DELETE SET NULL
      );
      CREATE INDEX subscription_run_sub ON subscription_run(subscription_id, at);
      CREATE INDEX subscription_run_digest ON subscription_run(digest_id) WHERE digest_id IS NOT NULL;

      CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      CREATE TABLE interest_signal (
        paper_id INTEGER NOT NULL REFERENCES paper(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('skipped')),
        at TEXT NOT NULL,
        PRIMARY KEY (paper_id, kind)
      ) WITHOUT ROWID;
      CREATE TABLE interest_removed (
        id INTEGER PRIMARY KEY,
        paper_id INTEGER NOT NULL,
        title TEXT NOT NULL,
        abstract TEXT,
        authors TEXT,
        categories TEXT,
        removed_at TEXT NOT NULL
      );
      CREATE INDEX interest_removed_paper ON interest_removed(paper_id);
      -- A paper removed by the user while unread (and neither starred nor tagged) is a "no". A
      -- bulk removal drops the paper's digest links first; deleting a digest removes its papers
      -- while the links are still there, and says nothing about the papers themselves. BEFORE:
      -- the links of a deleted paper go (ON DELETE CASCADE) before an AFTER trigger would look.
      CREATE TRIGGER interest_removed_unread BEFORE DELETE ON paper
      WHEN old.status = 'unread' AND old.starred = 0 AND old.tag_key IS NULL
        AND NOT EXISTS (SELECT 1 FROM paper_digest WHERE paper_id = old.id)
      BEGIN
        INSERT INTO interest_removed (paper_id, title, abstract, authors, categories, removed_at)
          VALUES (old.id, old.title, old.abstract, old.authors, old.categories, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      END;
      -- Undoing the removal takes the "no" back.
      CREATE TRIGGER interest_removed_undone AFTER INSERT ON paper BEGIN
        DELETE FROM interest_removed WHERE paper_id = new.id AND title = new.title;
      END;

      ALTER TABLE paper ADD COLUMN interest REAL;
      ALTER TABLE paper ADD COLUMN interest_rank REAL;
      ALTER TABLE paper ADD COLUMN interest_because TEXT;
      CREATE INDEX paper_interest_rank ON paper(interest_rank);
      CREATE INDEX paper_unscored ON paper(id) WHERE status = 'unread' AND interest_rank IS NULL;

      CREATE TABLE interest_model (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        trained_at TEXT NOT NULL,
        signature TEXT NOT NULL,  -- the signals it was trained on; a change means training again
        positives INTEGER NOT NULL,
        negatives INTEGER NOT NULL,
        data BLOB                 -- the model (weights); NULL while there are too few signals
      );
    `);
  },
};
