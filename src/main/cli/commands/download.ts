import { LecternError } from '../../../shared/errors';
import { CliExit, parseIntArg, type CliContext, type RegisterCommand } from '../context';
import { textCounts } from '../../core/fulltext/store';
import type { Core } from '../../core/service';
import { ProgressView, withStatus } from '../progress';
import { refsOrDigest } from '../filter-options';

interface DownloadOpts {
  all?: boolean;
  digest?: number;
  retryFailed?: boolean;
  queueOnly?: boolean;
  resumeArxiv?: boolean;
  text: boolean;
}

/** Ctrl-C (or SIGTERM) stops the run between two writes; the queue keeps the rest. */
export function stopSignal(io: CliContext['io']): AbortSignal {
  const stop = new AbortController();
  void io.untilStopped().then(() => stop.abort());
  return stop.signal;
}

export const registerDownload: RegisterCommand = ({ program, io, open }) => {
  program
    .command('download')
    .description('download PDFs into the library (the queue persists: run it again to go on)')
    .argument('[refs...]', 'papers to download (id, arXiv id or DOI); none: go on with the queue')
    .option('--all', 'every paper whose PDF is not downloaded yet')
    .option('--digest <id>', 'every paper of this digest', (v) => parseIntArg(v, '--digest'))
    .option('--retry-failed', 'queue again the papers whose download failed (with refs, --digest or --all: only among those)')
    .option('--queue-only', 'only add to the queue; the app, `lectern serve` or the next `lectern download` fetches them')
    .option('--resume-arxiv', 'let traffic to arXiv start again after arXiv refused access (HTTP 403)')
    .option('--no-text', 'do not index the text of the new PDFs now (the app, `lectern serve` or `lectern extract` does it later)')
    .addHelpText(
      'after',
      '\nPolite by default: one connection, LECTERN_ARXIV_DELAY_MS (3000) between requests, Retry-After honoured;\n' +
        'a 403 from arXiv stops all downloads until --resume-arxiv. Endpoints: LECTERN_ARXIV_PDF, LECTERN_ARXIV_API.',
    )
    .action(async (refs: string[], opts: DownloadOpts) => {
      const given = [refs.length > 0, !!opts.all, opts.digest !== undefined].filter(Boolean).length;
      if (given > 1) throw new LecternError('BAD_INPUT', 'usage: lectern download [<ref...> | --all | --digest <id>] — give only one of them.');
      const { api, core } = open();
      core.arxivQueue.delayMs(); // a malformed LECTERN_ARXIV_* setting is refused before anything is queued
      if (opts.resumeArxiv) {
        await api.resumeArxiv({});
        io.stdout('Traffic to arXiv may start again.');
      }
      if (given || opts.retryFailed) {
        const q = await api.queueDownloads({ papers: await refsOrDigest(api, refs, opts.digest), retryFailed: !!opts.retryFailed });
        const notes = [
          q.alreadyDownloaded ? `${q.alreadyDownloaded} already downloaded` : '',
          q.alreadyQueued ? `${q.alreadyQueued} already queued` : '',
          q.needResolving ? `${q.needResolving} to be found on arXiv first` : '',
          q.notOnArxiv ? `${q.notOnArxiv} not on arXiv, left out` : '',
        ].filter(Boolean);
        io.stdout(`Queued ${q.queued} PDF${q.queued === 1 ? '' : 's'}${notes.length ? ` (${notes.join(', ')})` : ''}.`);
      }
      if (opts.queueOnly) {
        io.stdout('They will be fetched by the Lectern app, `lectern serve`, or the next `lectern download`.');
        return;
      }
      const view = new ProgressView(io, api, 'download');
      const outcome = await withStatus(view, core.arxivQueue.runUntilIdle({ scope: 'all', signal: stopSignal(io), onEvent: view.on }));
      // The new PDFs' text goes into the search index before we exit, so the next `lectern list
      // --search` finds words inside them (a CLI process does nothing in the background).
      const text = outcome.stopped || !opts.text ? null : await indexText(io, core);
      const st = await api.workStatus({});
      const t = view.tally;
      if (st.download.waitingReview) {
        io.stdout(`${st.download.waitingReview} download${st.download.waitingReview === 1 ? ' waits' : 's wait'} for you to pick the arXiv match: lectern resolve --review`);
      }
      const parts = [`${t.downloaded} downloaded`];
      if (text && (text.done || text.failed)) parts.push(`text of ${text.done} indexed${text.failed ? ` (${text.failed} unreadable: lectern show says why)` : ''}`);
      parts.push(`${t.failed.length} failed`);
      if (t.review) parts.push(`${t.review} need your review`);
      const pending = outcome.stopped ? 0 : textCounts(core.db).pending;
      const later = pending ? ` Text of ${pending} PDF${pending === 1 ? '' : 's'} not indexed yet: lectern extract.` : '';
      io.stdout(`${parts.join(', ')}. Library: ${st.download.downloaded} PDFs on disk, ${st.download.failed} failed, ${st.download.queued} still queued.${later}`);
      if (outcome.blocked) throw new CliExit(1, `${outcome.blocked} The queue is kept (${st.download.queued} queued).`);
      if (outcome.stopped) {
        io.stdout(`Stopped. ${st.download.queued} PDF${st.download.queued === 1 ? '' : 's'} stay queued; run lectern download to go on.`);
        throw new CliExit(130);
      }
      if (t.failed.length) throw new CliExit(1, `${t.failed.length} download${t.failed.length === 1 ? '' : 's'} failed (reasons above); retry them with lectern download --retry-failed.`);
    });
};

/** Extracts the text of every PDF not yet in the search index (those just downloaded, and any left over). */
async function indexText(io: CliContext['io'], core: Core): Promise<{ done: number; failed: number }> {
  if (textCounts(core.db).pending === 0) return { done: 0, failed: 0 };
  io.stdout('Indexing the text of the new PDFs for search…');
  return core.finishTextExtraction();
}
