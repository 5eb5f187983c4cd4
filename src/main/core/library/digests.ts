import type { Database } from 'better-sqlite3';
import type { ReadableDB } from '../db/handles';
import { LecternError } from '../../../shared/errors';
import type { Digest } from '../../../shared/model';
import { bumpRevision } from '../db/revision';

export function listDigests(db: ReadableDB): Digest[] {
  return db
    .prepare(
      `SELECT d.id, d.name, d.date, d.format, d.source_name AS sourceName, d.imported_at AS importedAt,
              count(pd.paper_id) AS paperCount,
              coalesce(sum(p.status = 'unread'), 0) AS unreadCount
       FROM digest d
       LEFT JOIN paper_digest pd ON pd.digest_id = d.id
       LEFT JOIN paper p ON p.id = pd.paper_id
       GROUP BY d.id ORDER BY d.id DESC`,
    )
    .all() as Digest[];
}

const ONLY_HERE = `SELECT pd.paper_id FROM paper_digest pd WHERE pd.digest_id = @id
  AND NOT EXISTS (SELECT 1 FROM paper_digest o WHERE o.paper_id = pd.paper_id AND o.digest_id <> @id)`;

/**
 * Removes a digest and the papers that came from nowhere else, in one transaction. Papers other
 * digests also brought keep their status and everything else; they point to their newest
 * remaining digest.
 */
export function deleteDigest(db: Database, id: number, dryRun: boolean) {
  return db
    .transaction(() => {
      const digest = db.prepare('SELECT id, name FROM digest WHERE id = ?').get(id) as { id: number; name: string } | undefined;
      if (!digest) throw new LecternError('NOT_FOUND', `No digest #${id} in this library.`);
      const removed = db.prepare(`SELECT count(*) FROM (${ONLY_HERE})`).pluck().get({ id }) as number;
      const total = db.prepare('SELECT count(*) FROM paper_digest WHERE digest_id = ?').pluck().get(id) as number;
      const out = { id, name: digest.name, removedPapers: removed, keptPapers: total - removed, dryRun };
      if (dryRun) return out;
      db.prepare(`DELETE FROM paper WHERE id IN (${ONLY_HERE})`).run({ id });
      db.prepare(
        `UPDATE paper SET digest_count = digest_count - 1,
           last_digest_id = (SELECT max(o.digest_id) FROM paper_digest o WHERE o.paper_id = paper.id AND o.digest_id <> @id)
         WHERE id IN (SELECT paper_id FROM paper_digest WHERE digest_id = @id)`,
      ).run({ id });
      db.prepare('DELETE FROM digest WHERE id = ?').run(id); // links go with it (ON DELETE CASCADE)
      bumpRevision(db);
      return out;
    })
    .immediate();
}
