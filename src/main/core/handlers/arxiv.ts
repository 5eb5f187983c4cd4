import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { clearBlocked } from '../arxiv/state';
import { cancelDownloads, enqueueDownloads } from '../downloads/queue';
import { getPaper, mustResolve } from '../library/papers';
import { namesPapers, targetIds } from '../library/selection';
import { chooseCandidate, queueResolve, reviewList } from '../resolve/store';
import { workStatus } from '../jobs/status';
import { parseArxivId } from '../text/ids';

type ArxivHandlers = Pick<Handlers, 'queueDownloads' | 'cancelDownloads' | 'queueResolve' | 'workStatus' | 'resumeArxiv' | 'reviewList' | 'chooseCandidate'>;

export function arxivHandlers(ctx: CoreContext): ArxivHandlers {
  const { db, now, clock } = ctx;
  const delay = () => {
    try {
      return ctx.arxiv().delayMs;
    } catch {
      return 3000;
    }
  };
  const status = () => workStatus(db, clock(), delay());
  return {
    queueDownloads: (input) => {
      const out = enqueueDownloads(db, targetIds(db, input.papers, now()), { retryFailed: !!input.retryFailed, named: namesPapers(input.papers) }, now().toISOString());
      if (out.queued) ctx.wakeWorker();
      return { queued: out.queued, notOnArxiv: out.notOnArxiv, alreadyDownloaded: out.alreadyDownloaded, alreadyQueued: out.alreadyQueued, needResolving: out.needResolving };
    },
    cancelDownloads: (input) => ({ cancelled: cancelDownloads(db, targetIds(db, input.papers, now())) }),
    queueResolve: (input) => {
      const out = queueResolve(db, targetIds(db, input.papers, now()), !!input.force);
      if (out.queued) ctx.wakeWorker();
      return out;
    },
    workStatus: () => status(),
    resumeArxiv: () => {
      clearBlocked(db);
      ctx.wakeWorker();
      return status();
    },
    reviewList: (input) => reviewList(db, input.limit),
    chooseCandidate: (input) => {
      const paperId = mustResolve(db, input.ref);
      const pick = input.arxivId === null ? null : (parseArxivId(input.arxivId)?.id ?? input.arxivId.trim());
      const { requeued } = chooseCandidate(db, paperId, pick, now().toISOString());
      if (requeued) ctx.wakeWorker();
      return { paper: getPaper(db, String(paperId)), requeued };
    },
  };
}
