import type { Database } from 'better-sqlite3';

/**
 * "Needs review" is a state the resolve feature (migration 002) gives a paper whose arXiv match
 * is unsure: `paper.resolve_state = 'review'`. This is the one place the library's filters learn
 * it. Where that column does not exist yet, the Needs review view matches nothing and says so
 * (facets report `needsReview: null`); once it exists, the view lights up with no other change.
 */
export function reviewCondition(db: Database): string | null {
  let known = hasColumn.get(db);
  if (known === undefined) {
    const cols = db.prepare("SELECT name FROM pragma_table_info('paper')").pluck().all() as string[];
    known = cols.includes('resolve_state');
    hasColumn.set(db, known);
  }
  return known ? "p.resolve_state = 'review'" : null;
}

// The schema only grows while a connection is open (migrations run at open), so asking once per
// connection is enough.
const hasColumn = new WeakMap<Database, boolean>();
