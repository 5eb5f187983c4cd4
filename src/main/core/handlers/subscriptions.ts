import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
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
