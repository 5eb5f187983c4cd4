import type { Migration } from './migration';

/**
 * The library at scale: tags, a star and a note per paper (notes in their own search index),
 * the history of status changes (for "read per week" and "backlog over time"), saved views,
 * remembered UI layout, an undo log, indexes for every sortable and filterable column, and a
 * prefix index in the papers' search index (which rebuilds it: about 10 s per 100,000 papers).
 */
export const m006Organize: Migration = {
  version: 6,
  name: 'organize',
  up: (db) => {
    db.exec(`
      ALTER TABLE paper ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE paper ADD COLUMN note TEXT;
      ALTER TABLE paper ADD COLUMN note_updated_at TEXT; -- set exactly when note is

      -- The lower-cased name of the paper's alphabetically first tag, kept by triggers: sorting by
      -- tags is then an index walk like every other column.
      ALTER TABLE paper ADD COLUMN tag_key TEXT;

      CREATE INDEX paper_starred ON paper(starred);
      CREATE INDEX paper_noted ON paper(note_updated_at) WHERE note_updated_at IS NOT NULL;
      CREATE INDEX paper_tag_key ON paper(tag_key);
      CREATE INDEX paper_read_at ON paper(read_at);
      -- Authors are a JSON array: sort by the first name. json_valid keeps a malformed value from
      -- ever failing a write.
      -- Facet counts within a filter read only this index, never the rows (status leads: it is
      -- the filter most views use).
      CREATE INDEX paper_facets ON paper(status, pdf_state, published, starred, tag_key, note_updated_at);
      CREATE INDEX paper_first_author ON paper(lower(CASE WHEN json_valid(authors) THEN json_extract(authors, '$[0]') END));

      CREATE TABLE tag (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        created_at TEXT NOT NULL
      );
      CREATE TABLE paper_tag (
        paper_id INTEGER NOT NULL REFERENCES paper(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
        PRIMARY KEY (paper_id, tag_id)
      ) WITHOUT ROWID;
      CREATE INDEX paper_tag_tag ON paper_tag(tag_id, paper_id);
      CREATE TRIGGER paper_tag_key_insert AFTER INSERT ON paper_tag BEGIN
        UPDATE paper SET tag_key = (SELECT min(lower(t.name)) FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.paper_id = new.paper_id)
        WHERE id = new.paper_id;
      END;
      CREATE TRIGGER paper_tag_key_delete AFTER DELETE ON paper_tag BEGIN
        UPDATE paper SET tag_key = (SELECT min(lower(t.name)) FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.paper_id = old.paper_id)
        WHERE id = old.paper_id;
      END;
      CREATE TRIGGER tag_key_rename AFTER UPDATE OF name ON tag BEGIN
        UPDATE paper SET tag_key = (SELECT min(lower(t.name)) FROM paper_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.paper_id = paper.id)
        WHERE id IN (SELECT paper_id FROM paper_tag WHERE tag_id = new.id);
      END;

      -- Every status change, whoever makes it (this app, the CLI, the reader): the trigger sees
      -- them all. Backfilled below from the status each paper has now.
      CREATE TABLE status_event (
        id INTEGER PRIMARY KEY,
        paper_id INTEGER NOT NULL REFERENCES paper(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL
      );
      CREATE INDEX status_event_at ON status_event(at);
      CREATE INDEX status_event_paper ON status_event(paper_id);
      CREATE TRIGGER paper_status_event AFTER UPDATE OF status ON paper WHEN old.status IS NOT new.status BEGIN
        INSERT INTO status_event (paper_id, at, from_status, to_status) VALUES (
          new.id,
          CASE WHEN new.status_changed_at IS NOT old.status_changed_at THEN new.status_changed_at
               ELSE strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
          old.status, new.status);
      END;
      INSERT INTO status_event (paper_id, at, from_status, to_status)
        SELECT id, status_changed_at, 'unread', status FROM paper WHERE status <> 'unread' ORDER BY id;

      CREATE TABLE saved_view (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        spec TEXT NOT NULL,      -- JSON: { query, columns }
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- What the UI remembers per library (column layout, last view): the browser UI is served on
      -- a new port each launch, so the browser's own storage would forget it.
      CREATE TABLE ui_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;

      -- Undo: the rows an action changed or removed, as they were, in JSON.
      CREATE TABLE undo_action (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        event_upto INTEGER NOT NULL,  -- status_event ids above this were caused by the action
        paper_ids TEXT NOT NULL       -- JSON array of the papers it touched
      );
      CREATE TABLE undo_row (
        action_id INTEGER NOT NULL REFERENCES undo_action(id) ON DELETE CASCADE,
        tbl TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX undo_row_action ON undo_row(action_id, tbl);

      -- Notes get their own index, so adding them never rebuilds the papers' one. Notes are
      -- written one at a time, so plain triggers keep it in step.
      CREATE VIRTUAL TABLE note_fts USING fts5(
        note, content='paper', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER note_fts_update AFTER UPDATE OF note ON paper BEGIN
        INSERT INTO note_fts (note_fts, rowid, note) SELECT 'delete', old.id, old.note WHERE old.note IS NOT NULL;
        INSERT INTO note_fts (rowid, note) SELECT new.id, new.note WHERE new.note IS NOT NULL;
      END;
      CREATE TRIGGER note_fts_insert AFTER INSERT ON paper WHEN new.note IS NOT NULL BEGIN
        INSERT INTO note_fts (rowid, note) VALUES (new.id, new.note);
      END;
      CREATE TRIGGER note_fts_delete AFTER DELETE ON paper WHEN old.note IS NOT NULL BEGIN
        INSERT INTO note_fts (note_fts, rowid, note) VALUES ('delete', old.id, old.note);
      END;
    `);

    // The quick search completes the word being typed from its third letter: a prefix index of
    // three characters makes that one lookup instead of a merge over every word starting so.
    // FTS5 takes the option only at creation: rebuild the index, with the columns it has now.
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'paper_fts'").pluck().get() as string;
    if (!/prefix\s*=/.test(sql)) {
      db.exec('DROP TABLE paper_fts');
      db.exec(sql.replace(/\)\s*$/, ", prefix='3')"));
      db.exec("INSERT INTO paper_fts (paper_fts) VALUES ('rebuild')");
      // 'rebuild' indexed every row, including any the background indexer had not reached yet.
      db.exec("UPDATE meta SET value = (SELECT coalesce(max(id), 0) FROM paper) WHERE key = 'fts_indexed_upto'");
    }
  },
};
