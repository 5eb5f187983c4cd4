import type { Database } from 'better-sqlite3';
import type { Digest } from '../../../shared/model';

export function listDigests(db: Database): Digest[] {
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
