import type { Database } from 'better-sqlite3';

/**
 * New papers enter the search index in batches after they are committed, so a large import
 * commits quickly and the UI can read between batches. The watermark moves in the same
 * transaction as the rows it covers, so a crash never leaves rows indexed twice or skipped.
 */
export function indexPending(db: Database, batch = 5000): { indexed: number; pending: boolean } {
  const step = db.transaction(() => {
    const upto = db.prepare("SELECT value FROM meta WHERE key = 'fts_indexed_upto'").pluck().get() as number;
    const last = db.prepare('SELECT max(id) FROM (SELECT id FROM paper WHERE id > ? ORDER BY id LIMIT ?)').pluck().get(upto, batch) as number | null;
    if (last === null) return 0;
    const r = db
      .prepare('INSERT INTO paper_fts (rowid, title, abstract, authors) SELECT id, title, abstract, authors FROM paper WHERE id > ? AND id <= ?')
      .run(upto, last);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'fts_indexed_upto'").run(last);
    return r.changes;
  });
  const indexed = step.immediate();
  return { indexed, pending: hasPending(db) };
}

export function hasPending(db: Database): boolean {
  return (
    db.prepare("SELECT EXISTS (SELECT 1 FROM paper WHERE id > (SELECT value FROM meta WHERE key = 'fts_indexed_upto'))").pluck().get() === 1
  );
}

export function indexAll(db: Database): number {
  let total = 0;
  for (;;) {
    const r = indexPending(db, 20000);
    total += r.indexed;
    if (!r.pending) return total;
  }
}

/**
 * The quick search box to an FTS5 query: every word must appear, the last one as a prefix
 * (the user is still typing). Words are quoted, so FTS syntax typed by the user is inert.
 */
export function toFtsQuery(input: string): string | null {
  // Split exactly where the unicode61 tokenizer does, so each quoted word is one token (the
  // index has no positions, so a multi-token phrase would be refused).
  const words = input
    .normalize('NFC')
    .split(/[^\p{L}\p{N}\p{M}\p{Co}]+/u)
    .filter(Boolean)
    .slice(0, 20);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}
