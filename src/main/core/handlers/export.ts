import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { exportPapers } from '../export/export';
import { APP_VERSION } from '../version';

type ExportHandlers = Pick<Handlers, 'exportPapers'>;

export function exportHandlers({ db, now }: CoreContext): ExportHandlers {
  return {
    exportPapers: (input) => exportPapers(db, input, { now: now(), appVersion: APP_VERSION }),
  };
}
