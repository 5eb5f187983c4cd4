import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { triageQueue } from '../library/triage';

export function triageHandlers({ db }: CoreContext): Pick<Handlers, 'triageQueue'> {
  return { triageQueue: (i) => triageQueue(db, i.digestId, i.order) };
}
