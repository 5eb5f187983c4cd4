import type { ReadableDB } from '../db/handles';

interface ReadingStats {
  /** Monday of each week (local time), oldest first; the last is the current week. */
  weeks: string[];
  /** Papers marked read in each week (a paper read twice in one week counts once). */
  readPerWeek: number[];
  /** Unread papers at the end of each week (now, for the current one). */
  backlog: number[];
  digestsImported: number[];
  /** Digests whose last unread paper was dealt with in that week. */
  digestsCleared: number[];
  totals: { unread: number; reading: number; read: number; readThisWeek: number; digests: number; digestsWithUnread: number };
}

function weekStart(d: Date): Date {
  const s = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  s.setDate(s.getDate() - ((s.getDay() + 6) % 7));
  return s;
}

const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * Reading statistics over the last `weeks` weeks, from the status history (status_event), the
 * papers' added dates and the digests' import dates. Each series is one indexed range query
 * bucketed by week boundaries computed here (weeks start on Monday, local time).
 */
export function readingStats(db: ReadableDB, weeks: number, now: Date): ReadingStats {
  const current = weekStart(now);
  const starts: Date[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    const d = new Date(current);
    d.setDate(d.getDate() - 7 * i);
    starts.push(d);
  }
  const bounds = starts.map((d) => d.toISOString());
  const b0 = bounds[0]!;
  const bucketOf = (iso: string) => {
    let i = bounds.length - 1;
    while (i > 0 && iso < bounds[i]!) i--;
    return iso < b0 ? -1 : i;
  };
  const series = () => new Array<number>(weeks).fill(0);

  // Each week is a range over an indexed timestamp; the last week runs to the end of time so
  // that nothing recorded "now" falls outside.
  const ends = [...bounds.slice(1), '9999'];
  const perWeek = (sql: string) => {
    const stmt = db.prepare(sql).pluck();
    return bounds.map((from, i) => (stmt.get(from, ends[i]) as number | null) ?? 0);
  };
  const readPerWeek = perWeek("SELECT count(DISTINCT paper_id) FROM status_event WHERE at >= ? AND at < ? AND to_status = 'read'");
  const eventDelta = perWeek("SELECT sum((to_status = 'unread') - (from_status = 'unread')) FROM status_event WHERE at >= ? AND at < ?");
  const added = perWeek('SELECT count(*) FROM paper WHERE added_at >= ? AND added_at < ?');

  // Backlog: walk back from today's unread count through each week's additions and status changes.
  const unreadNow = db.prepare("SELECT count(*) FROM paper WHERE status = 'unread'").pluck().get() as number;
  const backlog = series();
  let level = unreadNow;
  for (let w = weeks - 1; w >= 0; w--) {
    backlog[w] = level;
    level -= added[w]! + eventDelta[w]!;
  }

  const digestsImported = perWeek('SELECT count(*) FROM digest WHERE imported_at >= ? AND imported_at < ?');

  const digestsCleared = clearedPerWeek(db, b0, bucketOf, series());

  const byStatus = Object.fromEntries(
    (db.prepare('SELECT status, count(*) AS n FROM paper GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
  );
  return {
    weeks: starts.map(localDay),
    readPerWeek,
    backlog,
    digestsImported,
    digestsCleared,
    totals: {
      unread: byStatus.unread ?? 0,
      reading: byStatus.reading ?? 0,
      read: byStatus.read ?? 0,
      readThisWeek: readPerWeek[weeks - 1] ?? 0,
      digests: db.prepare('SELECT count(*) FROM digest').pluck().get() as number,
      digestsWithUnread: db
        .prepare("SELECT count(DISTINCT pd.digest_id) FROM paper p JOIN paper_digest pd ON pd.paper_id = p.id WHERE p.status = 'unread'")
        .pluck()
        .get() as number,
    },
  };
}

/**
 * Digests cleared per week: a digest is cleared when none of its papers is unread; it was cleared
 * when the last of them left unread (or when it was imported, if they all had been read before).
 */
function clearedPerWeek(db: ReadableDB, b0: string, bucketOf: (iso: string) => number, perWeek: number[]): number[] {
  const cleared = db
    .prepare(
      `SELECT max(d.imported_at, coalesce((SELECT max(e.at) FROM paper_digest pd JOIN status_event e ON e.paper_id = pd.paper_id
                                            WHERE pd.digest_id = d.id AND e.from_status = 'unread'), d.imported_at)) AS at
       FROM digest d
       WHERE (d.imported_at >= @b0 OR d.id IN (SELECT pd.digest_id FROM status_event e JOIN paper_digest pd ON pd.paper_id = e.paper_id
                                                WHERE e.at >= @b0 AND e.from_status = 'unread'))
         AND EXISTS (SELECT 1 FROM paper_digest pd WHERE pd.digest_id = d.id)
         AND NOT EXISTS (SELECT 1 FROM paper_digest pd JOIN paper p ON p.id = pd.paper_id WHERE pd.digest_id = d.id AND p.status = 'unread')`,
    )
    .pluck()
    .all({ b0 }) as string[];
  for (const at of cleared) {
    const w = bucketOf(at);
    if (w >= 0) perWeek[w]!++;
  }
  return perWeek;
}
