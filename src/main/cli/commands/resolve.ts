import type { ReviewItem } from '../../../shared/methods/arxiv';
import { LecternError } from '../../../shared/errors';
import { CliExit, parseIntArg, type RegisterCommand } from '../context';
import { ProgressView, withStatus } from '../progress';
import { stopSignal } from './download';
import { refsOrDigest } from '../filter-options';

interface ResolveOpts {
  all?: boolean;
  digest?: number;
  force?: boolean;
  review?: boolean;
  choose?: string;
  json?: boolean;
}

function describeReview(items: ReviewItem[], total: number): string {
  if (total === 0) return 'No paper waits for a review.';
  const out: string[] = [`${total} paper${total === 1 ? '' : 's'} need${total === 1 ? 's' : ''} you to pick the arXiv match:`];
  for (const it of items) {
    const facts = [it.authorCount != null ? `${it.authorCount} authors` : '', it.published ?? ''].filter(Boolean).join(', ');
    out.push('', `#${it.paperId}  ${it.title}${facts ? `  (${facts})` : ''}`);
    if (it.note) out.push(`    ${it.note}`);
    it.candidates.forEach((c, i) => {
      out.push(`    ${i + 1}) ${c.arxivId.padEnd(11)} ${c.title}`);
      out.push(`       ${c.authors.slice(0, 3).join(', ')}${c.authors.length > 3 ? ` and ${c.authors.length - 3} more` : ''} · ${c.why} · score ${c.score.toFixed(2)}`);
    });
    const first = it.candidates[0]?.arxivId ?? '<arXiv id>';
    out.push(`    pick: lectern resolve ${it.paperId} --choose ${first}    (or --choose none)`);
  }
  if (items.length < total) out.push('', `… and ${total - items.length} more.`);
  return out.join('\n');
}

export const registerResolve: RegisterCommand = ({ program, io, open }) => {
  program
    .command('resolve')
    .description('find papers on arXiv by title (and fill in authors, categories, DOI); unsure matches wait for your pick')
    .argument('[refs...]', 'papers to look up (default: every paper never looked up)')
    .option('--all', 'every paper never looked up (the default when no ref is given)')
    .option('--digest <id>', 'the papers of this digest', (v) => parseIntArg(v, '--digest'))
    .option('--force', 'look up again papers already resolved')
    .option('--review', 'list the unsure matches with their candidates')
    .option('--choose <arxivId|doi:DOI|none>', 'pick the match of one paper (give its ref): one of its candidates, or none')
    .option('--json', 'print --review as JSON')
    .action(async (refs: string[], opts: ResolveOpts) => {
      const { api, core } = open();
      if (opts.choose === undefined && !opts.review) core.arxivQueue.delayMs(); // refuse a malformed setting before queueing
      if (opts.choose !== undefined) {
        if (refs.length !== 1) throw new LecternError('BAD_INPUT', 'usage: lectern resolve <ref> --choose <arXiv id|none> — one paper at a time.');
        const pick = opts.choose.trim().toLowerCase() === 'none' ? null : opts.choose;
        const r = await api.chooseCandidate({ ref: refs[0]!, arxivId: pick });
        if (opts.json) io.stdout(JSON.stringify(r.paper, null, 2));
        else if (pick === null) io.stdout(`#${r.paper.id} is marked as not on arXiv${r.paper.pdf === 'failed' ? ' (its queued download is dropped)' : ''}.`);
        else io.stdout(`#${r.paper.id} is now arXiv ${r.paper.arxivId}: ${r.paper.authors?.length ?? 0} authors, ${r.paper.categories?.join(' ') ?? ''}.${r.requeued ? ' Its PDF download goes on: lectern download' : ''}`);
        return;
      }
      if (opts.review) {
        const list = await api.reviewList({ limit: 1000 });
        io.stdout(opts.json ? JSON.stringify(list, null, 2) : describeReview(list.items, list.total));
        return;
      }
      if (refs.length && (opts.all || opts.digest !== undefined)) throw new LecternError('BAD_INPUT', 'usage: lectern resolve [<ref...> | --all | --digest <id>] — give only one of them.');
      const q = await api.queueResolve({ papers: await refsOrDigest(api, refs, opts.digest), force: !!opts.force });
      if (q.queued === 0 && !core.arxivQueue.hasWork('resolve')) {
        io.stdout(`Nothing to look up${q.skipped ? ` (${q.skipped} already looked up; --force looks them up again)` : ''}.`);
      } else {
        io.stdout(`Looking up ${q.queued} paper${q.queued === 1 ? '' : 's'} on arXiv and Crossref (arXiv: one request every ${Math.round(core.arxivQueue.delayMs() / 100) / 10} s or more).`);
      }
      const view = new ProgressView(io, api, 'resolve');
      const outcome = await withStatus(view, core.arxivQueue.runUntilIdle({ scope: 'resolve', signal: stopSignal(io), onEvent: view.on }));
      const t = view.tally;
      const done = t.matched + t.enriched + t.review + t.unmatched + t.resolveFailed + t.crossref + t.notInCrossref;
      const crossref = t.crossref + t.notInCrossref ? `, ${t.crossref} found on Crossref, ${t.notInCrossref} not in Crossref` : '';
      if (done) io.stdout(`${t.matched} matched, ${t.enriched} updated from arXiv, ${t.review} need your review, ${t.unmatched} not on arXiv${crossref}, ${t.resolveFailed} failed.`);
      const review = await api.reviewList({ limit: 20 });
      if (review.total) io.stdout(`\n${describeReview(review.items, review.total)}`);
      if (outcome.blocked) throw new CliExit(1, outcome.blocked);
      if (outcome.stopped) throw new CliExit(130);
    });
};
