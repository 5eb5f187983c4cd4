import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { silentLogger } from '../../src/main/core/logger';
import { lastDueAt, lastRoundAt, nextFetchAt, startSchedule } from '../../src/main/core/subscriptions/schedule';
import { insertSubscription, writeSettings } from '../../src/main/core/subscriptions/store';
import { subscriptionFiltersSchema } from '../../src/shared/methods/subscriptions';
import { tempDir } from '../helpers/paths';

const local = (d: string) => new Date(d); // no zone: local time, as the hour the user picks

describe('the daily schedule', () => {
  it('is due at the chosen local hour: today if it is still ahead, else tomorrow', () => {
    expect(nextFetchAt(local('2026-12-03T06:59:00'), 7)).toEqual(local('2026-12-03T07:00:00'));
    expect(nextFetchAt(local('2026-12-03T07:00:00'), 7)).toEqual(local('2026-12-04T07:00:00'));
    expect(lastDueAt(local('2026-12-03T06:59:00'), 7)).toEqual(local('2026-12-02T07:00:00'));
    expect(lastDueAt(local('2026-12-03T23:00:00'), 7)).toEqual(local('2026-12-03T07:00:00'));
  });

  it('fetches on start, then once the hour has passed since the last round (shared by every process on the library)', async () => {
    const db = openDatabase(tempDir());
    let now = local('2026-12-03T09:00:00');
    let rounds = 0;
    const run = () => startSchedule({ db, now: () => now, logger: silentLogger, round: async () => void rounds++, startDelayMs: 0, tickMs: 10 });
    // Nothing subscribed: nothing asked.
    let s = run();
    await new Promise((r) => setTimeout(r, 400));
    expect(rounds).toBe(0);
    s.stop();

    insertSubscription(db, { kind: 'hf-daily', target: null, name: 'HF Daily Papers', filters: subscriptionFiltersSchema.parse({}) }, now.toISOString());
    writeSettings(db, { fetchHour: 7 });
    s = run();
    await new Promise((r) => setTimeout(r, 400));
    expect(rounds).toBe(1); // on start; 07:00 today is before the round, so no more today
    expect(lastRoundAt(db)).toBe(now.toISOString());
    now = local('2026-12-04T06:30:00');
    await new Promise((r) => setTimeout(r, 400));
    expect(rounds).toBe(1);
    now = local('2026-12-04T07:05:00'); // the hour passed (or the laptop woke after it)
    await new Promise((r) => setTimeout(r, 400));
    expect(rounds).toBe(2);
    s.stop();
    db.close();
  });
});
