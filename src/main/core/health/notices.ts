import type { Database } from 'better-sqlite3';
import type { Notice } from '../../../shared/methods/health';
import { bumpRevision } from '../db/revision';

export type NewNotice = Pick<Notice, 'level' | 'title' | 'message'>;

export function addNotices(db: Database, notices: NewNotice[], now: string): number[] {
  if (notices.length === 0) return [];
  const insert = db.prepare('INSERT INTO notice (level, title, message, created_at) VALUES (?, ?, ?, ?)');
  return db
    .transaction(() => {
      const ids = notices.map((n) => Number(insert.run(n.level, n.title, n.message, now).lastInsertRowid));
      bumpRevision(db);
      return ids;
    })
    .immediate();
}

export function openNotices(db: Database): Notice[] {
  return db
    .prepare('SELECT id, level, title, message, created_at AS createdAt FROM notice WHERE dismissed_at IS NULL ORDER BY id DESC LIMIT 20')
    .all() as Notice[];
}

export function dismissNotice(db: Database, id: number, now: string): boolean {
  return db
    .transaction(() => {
      const changed = db.prepare('UPDATE notice SET dismissed_at = ? WHERE id = ? AND dismissed_at IS NULL').run(now, id).changes;
      if (changed) bumpRevision(db);
      return changed > 0;
    })
    .immediate();
}
