import type { Database } from 'better-sqlite3';
import type { Logger } from '../logger';
import { readSettings } from './store';

/** The next time the daily fetch is due after `now`: today at the hour (local time), else tomorrow. */
export function nextFetchAt(now: Date, hour: number): Date {
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hour, 0, 0, 0);
  if (at <= now) at.setDate(at.getDate() + 1);
  return at;
}

/** The last time the daily fetch was due at or before `now`. */
export function lastDueAt(now: Date, hour: number): Date {
  const at = new Date(now.getFullYear(), now.getMonth(), now.getDate(), hour, 0, 0, 0);
  if (at > now) at.setDate(at.getDate() - 1);
  return at;
}

const LAST_ROUND = 'subscriptions.lastRoundAt';

export function lastRoundAt(db: Database): string | null {
  return (db.prepare('SELECT value FROM setting WHERE key = ?').pluck().get(LAST_ROUND) as string | undefined) ?? null;
}

export function noteRound(db: Database, at: string): void {
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(LAST_ROUND, at);
}

/** A source that failed and whose wait is over: the next tick asks it again. */
function retryDue(db: Database, nowIso: string): boolean {
  return !!db.prepare('SELECT 1 FROM subscription WHERE enabled = 1 AND last_error IS NOT NULL AND retry_at <= ? LIMIT 1').get(nowIso);
}

export interface Schedule {
  stop(): void;
}

/**
 * Fetches on start, then whenever the daily hour has passed since the last round (the app and
 * `lectern serve` share the library, so a round made by one counts for the other; a computer
 * that slept catches up when it wakes), and asks failed sources again once their backoff is over.
 * Checks every `tickMs` rather than sleeping until the hour, so a sleeping laptop or a changed
 * hour is noticed.
 */
export function startSchedule(d: { db: Database; now: () => Date; logger: Logger; round: () => Promise<unknown>; startDelayMs?: number; tickMs?: number }): Schedule {
  let stopped = false;
  let running = false;
  const run = async (why: string) => {
    if (running || stopped) return;
    if (!d.db.prepare('SELECT 1 FROM subscription WHERE enabled = 1 LIMIT 1').get()) return; // nothing to fetch, nothing to say
    running = true;
    try {
      noteRound(d.db, d.now().toISOString());
      d.logger.info(`subscriptions: fetching (${why})`);
      await d.round();
    } catch (e) {
      d.logger.error('subscriptions: the fetch failed', e);
    } finally {
      running = false;
    }
  };
  const tick = () => {
    if (stopped) return;
    try {
      const now = d.now();
      const last = lastRoundAt(d.db);
      if (!last || new Date(last) < lastDueAt(now, readSettings(d.db).fetchHour)) void run('daily');
      else if (retryDue(d.db, now.toISOString())) void run('retry');
    } catch (e) {
      d.logger.error('subscriptions: the schedule failed', e);
    }
  };
  const first = setTimeout(() => void run('start'), d.startDelayMs ?? 3000);
  const every = setInterval(tick, d.tickMs ?? 5 * 60_000);
  first.unref?.();
  every.unref?.();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
