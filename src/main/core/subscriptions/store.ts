import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import {
  subscriptionFiltersSchema,
  type Subscription,
  type SubscriptionFilters,
  type SubscriptionKind,
  type SubscriptionSettings,
} from '../../../shared/methods/subscriptions';
import { bumpRevision } from '../db/revision';

interface SubscriptionRecord {
  id: number;
  kind: SubscriptionKind;
  target: string | null;
  name: string;
  filters: string;
  enabled: number;
  created_at: string;
  last_fetched_at: string | null;
  last_ok_at: string | null;
  last_error: string | null;
  failures: number;
  retry_at: string | null;
  covered_through: string | null;
  new_today: number;
}

/** A filter JSON written by a newer Lectern, or damaged, reads as "no filters" rather than failing the list. */
function filtersOf(json: string): SubscriptionFilters {
  try {
    return subscriptionFiltersSchema.parse(JSON.parse(json));
  } catch {
    return subscriptionFiltersSchema.parse({});
  }
}

function toSubscription(r: SubscriptionRecord): Subscription {
  return {
    id: r.id,
    kind: r.kind,
    target: r.target,
    name: r.name,
    filters: filtersOf(r.filters),
    enabled: r.enabled === 1,
    createdAt: r.created_at,
    lastFetchedAt: r.last_fetched_at,
    lastOkAt: r.last_ok_at,
    lastError: r.last_error,
    failures: r.failures,
    retryAt: r.retry_at,
    coveredThrough: r.covered_through,
    newToday: r.new_today,
  };
}

/** Subscriptions with the papers each added since `dayStart` (an ISO time: the start of the local day). */
export function listSubscriptions(db: Database, dayStart: string): Subscription[] {
  const rows = db
    .prepare(
      `SELECT s.*, coalesce((SELECT sum(r.added) FROM subscription_run r WHERE r.subscription_id = s.id AND r.at >= ?), 0) AS new_today
       FROM subscription s ORDER BY s.id`,
    )
    .all(dayStart) as SubscriptionRecord[];
  return rows.map(toSubscription);
}

export function getSubscription(db: Database, id: number, dayStart: string): Subscription {
  const s = listSubscriptions(db, dayStart).find((x) => x.id === id);
  if (!s) throw new LecternError('NOT_FOUND', `There is no subscription #${id} (lectern subscriptions lists them).`, `subscription ${id}`);
  return s;
}

export function insertSubscription(db: Database, s: { kind: SubscriptionKind; target: string | null; name: string; filters: SubscriptionFilters }, now: string): number {
  return db
    .transaction(() => {
      const same = db.prepare('SELECT id, name FROM subscription WHERE kind = ? AND target IS ?').get(s.kind, s.target) as { id: number; name: string } | undefined;
      if (same) {
        throw new LecternError('CONFLICT', `You are already subscribed to this source, as #${same.id} “${same.name}” (edit its filters instead).`, `subscription ${same.id}`);
      }
      const id = Number(
        db.prepare('INSERT INTO subscription (kind, target, name, filters, created_at) VALUES (?, ?, ?, ?, ?)').run(s.kind, s.target, s.name, JSON.stringify(s.filters), now).lastInsertRowid,
      );
      bumpRevision(db);
      return id;
    })
    .immediate();
}

export function updateSubscription(db: Database, id: number, change: { name?: string | null; filters?: SubscriptionFilters | null; enabled?: boolean | null }): void {
  db.transaction(() => {
    const found = db.prepare('SELECT 1 FROM subscription WHERE id = ?').get(id);
    if (!found) throw new LecternError('NOT_FOUND', `There is no subscription #${id}.`, `subscription ${id}`);
    if (change.name) db.prepare('UPDATE subscription SET name = ? WHERE id = ?').run(change.name, id);
    if (change.filters) db.prepare('UPDATE subscription SET filters = ? WHERE id = ?').run(JSON.stringify(change.filters), id);
    // Turning a source back on asks it at the next round, whatever its backoff said.
    if (change.enabled != null) db.prepare('UPDATE subscription SET enabled = ?, retry_at = NULL WHERE id = ?').run(change.enabled ? 1 : 0, id);
    bumpRevision(db);
  }).immediate();
}

export function deleteSubscription(db: Database, id: number): { id: number; name: string } {
  return db
    .transaction(() => {
      const s = db.prepare('SELECT id, name FROM subscription WHERE id = ?').get(id) as { id: number; name: string } | undefined;
      if (!s) throw new LecternError('NOT_FOUND', `There is no subscription #${id}.`, `subscription ${id}`);
      db.prepare('DELETE FROM subscription WHERE id = ?').run(id);
      bumpRevision(db);
      return s;
    })
    .immediate();
}

/** ETag and Last-Modified of the last answer from this URL, for a conditional request. */
export function requestState(db: Database, subscriptionId: number, url: string): { etag: string | null; lastModified: string | null } {
  const r = db.prepare('SELECT etag, last_modified AS lastModified FROM subscription_request WHERE subscription_id = ? AND url = ?').get(subscriptionId, url) as
    | { etag: string | null; lastModified: string | null }
    | undefined;
  return r ?? { etag: null, lastModified: null };
}

export function saveRequestState(db: Database, subscriptionId: number, url: string, etag: string | null, lastModified: string | null, now: string): void {
  db.prepare(
    `INSERT INTO subscription_request (subscription_id, url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (subscription_id, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, checked_at = excluded.checked_at`,
  ).run(subscriptionId, url, etag, lastModified, now);
}

/** The papers this subscription brought before (in the digests it made): a later fetch skips them. */
export function papersSeenBy(db: Database, subscriptionId: number, paperIds: number[]): Set<number> {
  if (paperIds.length === 0) return new Set();
  const seen = db
    .prepare(
      `SELECT DISTINCT pd.paper_id FROM paper_digest pd JOIN subscription_run r ON r.digest_id = pd.digest_id
       WHERE r.subscription_id = ? AND pd.paper_id IN (SELECT value FROM json_each(?))`,
    )
    .pluck()
    .all(subscriptionId, JSON.stringify(paperIds)) as number[];
  return new Set(seen);
}

export interface RunRecord {
  day: string | null;
  found: number;
  added: number;
  existing: number;
  filtered: number;
  digestId: number | null;
}

export function recordRun(db: Database, subscriptionId: number, run: RunRecord, now: string): void {
  db.prepare('INSERT INTO subscription_run (subscription_id, at, day, found, added, existing, filtered, digest_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    subscriptionId,
    now,
    run.day,
    run.found,
    run.added,
    run.existing,
    run.filtered,
    run.digestId,
  );
}

export function markFetched(db: Database, id: number, outcome: { ok: true; coveredThrough?: string | null } | { ok: false; error: string; retryAt: string }, now: string): void {
  db.transaction(() => {
    if (outcome.ok) {
      db.prepare(
        `UPDATE subscription SET last_fetched_at = @now, last_ok_at = @now, last_error = NULL, failures = 0, retry_at = NULL,
           covered_through = CASE WHEN @covered IS NOT NULL AND (covered_through IS NULL OR covered_through < @covered) THEN @covered ELSE covered_through END
         WHERE id = @id`,
      ).run({ id, now, covered: outcome.coveredThrough ?? null });
    } else {
      db.prepare('UPDATE subscription SET last_fetched_at = ?, last_error = ?, failures = failures + 1, retry_at = ? WHERE id = ?').run(now, outcome.error, outcome.retryAt, id);
    }
    bumpRevision(db);
  }).immediate();
}

export const DEFAULT_SETTINGS: SubscriptionSettings = { fetchHour: 7, interestEnabled: true };

export function readSettings(db: Database): SubscriptionSettings {
  const rows = db.prepare("SELECT key, value FROM setting WHERE key IN ('subscriptions.fetchHour', 'interest.enabled')").all() as { key: string; value: string }[];
  const out = { ...DEFAULT_SETTINGS };
  for (const { key, value } of rows) {
    if (key === 'subscriptions.fetchHour' && /^\d{1,2}$/.test(value) && Number(value) < 24) out.fetchHour = Number(value);
    if (key === 'interest.enabled') out.interestEnabled = value !== 'false';
  }
  return out;
}

export function writeSettings(db: Database, change: Partial<SubscriptionSettings>): SubscriptionSettings {
  return db
    .transaction(() => {
      const put = db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      if (change.fetchHour != null) put.run('subscriptions.fetchHour', String(change.fetchHour));
      if (change.interestEnabled != null) put.run('interest.enabled', String(change.interestEnabled));
      bumpRevision(db);
      return readSettings(db);
    })
    .immediate();
}
