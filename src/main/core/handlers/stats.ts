import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { readingStats } from '../library/stats';

export function statsHandlers({ db, now }: CoreContext): Pick<Handlers, 'readingStats'> {
  return { readingStats: (i) => readingStats(db, i.weeks, now()) };
}
