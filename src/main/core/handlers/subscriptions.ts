import type { Handlers } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import type { InterestService } from '../interest/service';
import { statusOf } from '../interest/update';
import { bumpRevision } from '../db/revision';
import { nextFetchAt } from '../subscriptions/schedule';
import type { SubscriptionService } from '../subscriptions/service';
import { normaliseSource } from '../subscriptions/sources';
import { deleteSubscription, getSubscription, insertSubscription, listSubscriptions, readSettings, updateSubscription, writeSettings } from '../subscriptions/store';

type SubscriptionHandlers = Pick<
  Handlers,
  'listSubscriptions' | 'addSubscription' | 'updateSubscription' | 'removeSubscription' | 'previewSubscription' | 'fetchSubscriptions' | 'subscriptionSettings' | 'setSubscriptionSettings'
>;

/** The start of the local day, as an ISO time ("new today"). */
export function localDayStart(now: Date): string {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
}

export function subscriptionHandlers(ctx: CoreContext, subs: SubscriptionService): SubscriptionHandlers {
  const { db, now } = ctx;
  const dayStart = () => localDayStart(now());
  return {
    listSubscriptions: () => {
      const settings = readSettings(db);
      return { subscriptions: listSubscriptions(db, dayStart()), settings, nextFetchAt: nextFetchAt(now(), settings.fetchHour).toISOString(), fetching: subs.fetching() };
    },
    addSubscription: (i) => {
      const source = normaliseSource(i.kind, i.target);
      const id = insertSubscription(db, { kind: i.kind, target: source.target, name: i.name ?? source.name, filters: i.filters }, now().toISOString());
      return getSubscription(db, id, dayStart());
    },
    updateSubscription: (i) => {
      updateSubscription(db, i.id, i);
      return getSubscription(db, i.id, dayStart());
    },
    removeSubscription: (i) => deleteSubscription(db, i.id),
    previewSubscription: (i) => subs.preview(i),
    fetchSubscriptions: async (i) => ({ outcomes: await subs.round({ ids: i.ids, since: i.since }) }),
    subscriptionSettings: () => readSettings(db),
    setSubscriptionSettings: (i) => writeSettings(db, i),
  };
}

type InterestHandlers = Pick<Handlers, 'interestStatus' | 'refreshInterest' | 'explainInterest' | 'skipPapers'>;

export function interestHandlers(ctx: CoreContext, interest: InterestService): InterestHandlers {
  const { db, now } = ctx;
  return {
    interestStatus: () => statusOf(db),
    refreshInterest: async () => (await interest.refresh()).status,
    explainInterest: ({ id }) => {
      const p = db.prepare('SELECT status, interest, interest_because FROM paper WHERE id = ?').get(id) as
        | { status: string; interest: number | null; interest_because: string | null }
        | undefined;
      if (!p) throw new LecternError('NOT_FOUND', `There is no paper #${id} in this library.`, `paper ${id}`);
      const ids = p.status === 'unread' && p.interest_because ? (JSON.parse(p.interest_because) as number[]) : [];
      const titles = new Map(
        (db.prepare('SELECT id, title FROM paper WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as { id: number; title: string }[]).map((r) => [r.id, r.title]),
      );
      const because = ids.filter((x) => titles.has(x)).map((x) => ({ id: x, title: titles.get(x)! }));
      const status = statusOf(db);
      const reason =
        p.status !== 'unread'
          ? 'Only unread papers are ranked.'
          : p.interest === null
            ? status.reason
            : because.length
              ? `${Math.round(p.interest * 100)}% for you; like: ${because.map((b) => `“${b.title}”`).join(', ')}`
              : `${Math.round(p.interest * 100)}% for you, by the words, authors and categories of what you read and skipped.`;
      return { interest: p.status === 'unread' ? p.interest : null, because, reason };
    },
    skipPapers: ({ ids, undo }) => {
      const changed = db
        .transaction(() => {
          const stmt = undo
            ? db.prepare("DELETE FROM interest_signal WHERE paper_id = ? AND kind = 'skipped'")
            : db.prepare("INSERT OR IGNORE INTO interest_signal (paper_id, kind, at) SELECT id, 'skipped', ? FROM paper WHERE id = ?");
          let n = 0;
          for (const id of ids) n += (undo ? stmt.run(id) : stmt.run(now().toISOString(), id)).changes;
          if (n) bumpRevision(db);
          return n;
        })
        .immediate();
      interest.wake();
      return { changed };
    },
  };
}
