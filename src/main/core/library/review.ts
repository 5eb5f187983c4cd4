import type { Database } from 'better-sqlite3';

/**
 * "Needs review" is a state the resolve feature gives a paper whose arXiv match is unsure. This
 * is the one place the library's filters learn how that state is stored: a `resolve_state`
 * column on paper whose value is 'needs_review'. Until a migration adds that column the Needs
 * review view matches nothing and says so (facets report `needsReview: null`); once the column
 * exists, the view lights up with no other change. If the resolve feature stores the state
 * differently, change only this function.
 */
export function reviewCondition(db: Database): string | null {
  let known = hasColumn.get(db);
  if (known === undefined) {
    const cols = db.prepare("SELECT name FROM pragma_table_info('paper')").pluck().all() as string[];
    known = cols.includes('resolve_state');
    hasColumn.set(db, known);
  }
  return known ? "p.resolve_state = 'needs_review'" : null;
}

// The schema only grows while a connection is open (migrations run at open), so asking once per
// connection is enough.
const hasColumn = new WeakMap<Database, boolean>();
