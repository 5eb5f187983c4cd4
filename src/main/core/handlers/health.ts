import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { dismissNotice, openNotices } from '../health/notices';

type HealthHandlers = Pick<Handlers, 'listNotices' | 'dismissNotice'>;

export function healthHandlers({ db, now }: CoreContext): HealthHandlers {
  return {
    listNotices: () => ({ notices: openNotices(db) }),
    dismissNotice: (input) => ({ dismissed: dismissNotice(db, input.id, now().toISOString()) }),
  };
}
