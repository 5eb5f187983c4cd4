/**
 * Run by the migration crash test in a child process (node --import tsx): opens a library and
 * migrates it, through the real migrate(), to the real migrations plus HEAVY, a migration slow
 * enough to be killed in the middle of.
 */
import type { Database } from 'better-sqlite3';
import { migrate } from '../../src/main/core/db/migrate';
import { MIGRATIONS, type Migration } from '../../src/main/core/db/migrations';
import { openDatabase } from '../../src/main/core/db/open';

/** Rewrites every paper (the FTS triggers fire on each), copies a table, builds an index: many statements, seconds of work. */
export const HEAVY: Migration = {
  version: 99,
  name: 'heavy (test only)',
  up: (db: Database) => {
    db.exec("UPDATE paper SET abstract = abstract || ' [migrated]'");
    db.exec('CREATE TABLE paper_copy AS SELECT id, title, abstract FROM paper');
    db.exec("UPDATE paper SET title_key = title_key || ' m'");
    db.exec('CREATE INDEX paper_abstract_heavy ON paper(abstract)');
    db.exec("INSERT INTO meta (key, value) VALUES ('heavy', 1)");
  },
};

export const ALL: readonly Migration[] = [...MIGRATIONS, HEAVY];

if (process.argv[2]) {
  const db = openDatabase(process.argv[2], { noMigrate: true });
  // Lets the test aim its kill at the migration rather than at Node starting up.
  process.stderr.write('migrating\n');
  const t0 = performance.now();
  migrate(db, ALL);
  process.stderr.write(`migrated in ${(performance.now() - t0).toFixed(0)} ms\n`);
  db.close();
}
