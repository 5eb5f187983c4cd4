import type { Database } from 'better-sqlite3';

/**
 * Sets papers' status with the SQL that every version of Lectern has written (status, when it
 * changed, when it was read), without the undo record: for libraries at an older schema, where
 * the undo tables do not exist yet, and for fixtures built below the contract.
 */
export function writeStatus(db: Database, ids: number[], status: 'unread' | 'reading' | 'read', now: string): void {
  const update = db.prepare(
    `UPDATE paper SET status = @status, status_changed_at = @now,
       read_at = CASE WHEN @status = 'read' THEN @now ELSE read_at END
     WHERE id = @id AND status <> @status`,
  );
  db.transaction(() => {
    for (const id of ids) update.run({ id, status, now });
    db.prepare("UPDATE meta SET value = value + 1 WHERE key = 'revision'").run();
  })();
}
