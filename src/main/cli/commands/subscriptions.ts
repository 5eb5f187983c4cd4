import { Option, type Command } from 'commander';
import { LecternError } from '../../../shared/errors';
import type { FetchOutcome, Subscription, SubscriptionFilters, SubscriptionKind } from '../../../shared/methods/subscriptions';
import { CliExit, parseIntArg, type RegisterCommand } from '../context';

interface FilterFlags {
  keyword?: string[];
  exclude?: string[];
  author?: string[];
  category?: string[];
  minUpvotes?: number;
  max?: number;
  maxBy?: 'upvotes' | 'interest';
  name?: string;
}

const many = (v: string, prev: string[] = []) => [...prev, v];

function addFilterFlags(cmd: Command): Command {
  return cmd
    .option('--keyword <word>', 'keep only papers whose title or abstract mentions one of these (repeat it)', many)
    .option('--exclude <word>', 'leave out papers whose title or abstract mentions this (repeat it)', many)
    .option('--author <name>', 'keep only papers by one of these authors (repeat it)', many)
    .option('--category <cat>', 'keep only papers in one of these arXiv categories (repeat it)', many)
    .option('--min-upvotes <n>', 'keep only papers with at least this many HF upvotes', (v) => parseIntArg(v, '--min-upvotes'))
    .option('--max <n>', 'at most this many papers per day, the best first', (v) => parseIntArg(v, '--max'))
    .addOption(new Option('--max-by <order>', 'what "best" means for --max').choices(['upvotes', 'interest']))
    .option('--name <name>', 'a name for the subscription (and its digests)');
}

function filtersFrom(o: FilterFlags, kind: SubscriptionKind): SubscriptionFilters {
  if (o.minUpvotes != null && kind !== 'hf-daily') {
    throw new LecternError('BAD_INPUT', '--min-upvotes applies to HF Daily Papers only: arXiv and other feeds carry no upvotes.');
  }
  return {
    keywords: o.keyword ?? [],
    exclude: o.exclude ?? [],
    authors: o.author ?? [],
    categories: o.category ?? [],
    minUpvotes: o.minUpvotes ?? null,
    max: o.max === 0 ? null : (o.max ?? null),
    maxBy: o.maxBy ?? (kind === 'hf-daily' ? 'upvotes' : 'interest'),
  };
}

export function describeFilters(f: SubscriptionFilters): string {
  const parts: string[] = [];
  if (f.keywords.length) parts.push(`mentions ${f.keywords.join(' or ')}`);
  if (f.exclude.length) parts.push(`not ${f.exclude.join(', ')}`);
  if (f.authors.length) parts.push(`by ${f.authors.join(' or ')}`);
  if (f.categories.length) parts.push(`in ${f.categories.join(' or ')}`);
  if (f.minUpvotes != null) parts.push(`≥ ${f.minUpvotes} upvotes`);
  if (f.max != null) parts.push(`at most ${f.max} a day by ${f.maxBy}`);
  return parts.length ? parts.join('; ') : 'no filters';
}

function describeSubscription(s: Subscription): string {
  const state = !s.enabled
    ? 'turned off'
    : s.lastError
      ? `FAILING (${s.failures}×): ${s.lastError}${s.retryAt ? `; next try ${s.retryAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`
      : s.lastOkAt
        ? `last fetched ${s.lastOkAt.slice(0, 16).replace('T', ' ')} UTC, ${s.newToday} new today`
        : 'not fetched yet';
  const source = s.kind === 'feed' ? ` <${s.target}>` : '';
  return `#${s.id} ${s.name}${source} — ${describeFilters(s.filters)} — ${state}`;
}

/** One line per source: found, new, filtered out, the digests made (or why it failed). */
export function describeOutcome(o: FetchOutcome): string {
  if (o.skipped && o.ok) return `#${o.id} ${o.name}: skipped (${o.skipped})`;
  if (!o.ok) return `#${o.id} ${o.name}: FAILED — ${o.skipped ?? o.error}`;
  const days = o.days.length > 1 ? ` (${o.days.length} days, ${o.days[0]} to ${o.days.at(-1)})` : o.days.length ? ` (${o.days[0]})` : o.notModified ? ' (not modified since the last fetch)' : ' (no new day yet)';
  const counts = `${o.found} found, ${o.added} new, ${o.existing} already in the library, ${o.filteredOut} filtered out${o.seen ? `, ${o.seen} brought before` : ''}${o.notModified && o.days.length ? `, ${o.notModified} not modified` : ''}`;
  const made = o.digests.length ? o.digests.map((g) => `digest #${g.id} “${g.name}” (${g.papers})`).join(', ') : 'no digest (nothing new)';
  return `#${o.id} ${o.name}${days}: ${counts}; ${made}`;
}

export const registerSubscribe: RegisterCommand = ({ program, io, open }) => {
  addFilterFlags(program.command('subscribe'))
    .description('follow a source daily: hf-daily, arxiv <category[+category…]>, or a feed URL (RSS, Atom, JSON Feed)')
    .argument('<source>', 'hf-daily, arxiv, or an http(s) feed URL')
    .argument('[categories]', 'for arxiv: e.g. cs.CL, or cs.CL+cs.LG')
    .option('--json', 'print the subscription as JSON')
    .action(async (source: string, categories: string | undefined, o: FilterFlags & { json?: boolean }) => {
      const kind: SubscriptionKind = source === 'hf-daily' ? 'hf-daily' : source === 'arxiv' ? 'arxiv' : 'feed';
      if (kind === 'arxiv' && !categories) throw new LecternError('BAD_INPUT', 'usage: lectern subscribe arxiv <category[+category…]>, e.g. cs.CL or cs.CL+cs.LG');
      if (kind !== 'arxiv' && categories) throw new LecternError('BAD_INPUT', `unexpected argument “${categories}” (only arxiv takes categories).`);
      const { api } = open();
      const s = await api.addSubscription({ kind, target: kind === 'arxiv' ? categories : kind === 'feed' ? source : null, name: o.name ?? null, filters: filtersFrom(o, kind) });
      if (o.json) return io.stdout(JSON.stringify(s, null, 2));
      io.stdout(`Subscribed: ${describeSubscription(s)}`);
      io.stdout('It is fetched when the app or `lectern serve` starts and then daily; fetch now with: lectern subscriptions fetch');
    });
};

export const registerSubscriptions: RegisterCommand = ({ program, io, open }) => {
  const cmd = program
    .command('subscriptions')
    .description('list subscriptions, fetch them now, or remove one')
    .argument('[action]', 'list (default), fetch, remove <id>, edit <id>, settings', 'list')
    .argument('[id]', 'the subscription (remove, edit)')
    .option('--since <day>', 'fetch: ask HF Daily Papers again from this day (YYYY-MM-DD)')
    .option('--fetch-hour <hour>', 'settings: the local hour (0-23) of the daily fetch', (v) => parseIntArg(v, '--fetch-hour'))
    .addOption(new Option('--interest <on|off>', 'settings: rank the Inbox by your reading').choices(['on', 'off']))
    .option('--enable', 'edit: fetch it again')
    .option('--disable', 'edit: stop fetching it (its digests stay)')
    .option('--json', 'print JSON');
  addFilterFlags(cmd).action(async (action: string, idText: string | undefined, o: FilterFlags & { since?: string; json?: boolean; fetchHour?: number; interest?: 'on' | 'off'; enable?: boolean; disable?: boolean }) => {
    const { api } = open();
    const id = () => {
      if (!idText || !/^\d+$/.test(idText)) throw new LecternError('BAD_INPUT', `usage: lectern subscriptions ${action} <id> (the ids are in lectern subscriptions list)`);
      return Number(idText);
    };
    if (action === 'list') {
      const l = await api.listSubscriptions({});
      if (o.json) return io.stdout(JSON.stringify(l, null, 2));
      if (!l.subscriptions.length) io.stdout('No subscriptions. Add one: lectern subscribe hf-daily | arxiv cs.CL | <feed URL>');
      for (const s of l.subscriptions) io.stdout(describeSubscription(s));
      io.stdout(`Next daily fetch: ${new Date(l.nextFetchAt).toLocaleString('en-GB')} (hour ${l.settings.fetchHour}; change it with lectern subscriptions settings --fetch-hour N).`);
      return;
    }
    if (action === 'fetch') {
      if (o.since && !/^\d{4}-\d{2}-\d{2}$/.test(o.since)) throw new LecternError('BAD_INPUT', `--since takes a day as YYYY-MM-DD (got "${o.since}").`);
      const r = await api.fetchSubscriptions({ since: o.since ?? null, ids: idText ? [id()] : null });
      if (o.json) io.stdout(JSON.stringify(r.outcomes, null, 2));
      else if (!r.outcomes.length) io.stdout('No subscriptions to fetch. Add one: lectern subscribe hf-daily | arxiv cs.CL | <feed URL>');
      else for (const out of r.outcomes) io.stdout(describeOutcome(out));
      const failed = r.outcomes.filter((x) => !x.ok);
      if (failed.length) throw new CliExit(1, `${failed.length} source${failed.length === 1 ? '' : 's'} failed; the others were fetched.`);
      return;
    }
    if (action === 'remove') {
      const r = await api.removeSubscription({ id: id() });
      return io.stdout(o.json ? JSON.stringify(r) : `Unsubscribed from #${r.id} ${r.name}; its digests stay in the library.`);
    }
    if (action === 'edit') {
      const before = (await api.listSubscriptions({})).subscriptions.find((s) => s.id === id());
      if (!before) throw new LecternError('NOT_FOUND', `There is no subscription #${id()}.`);
      const given = ['keyword', 'exclude', 'author', 'category', 'minUpvotes', 'max', 'maxBy'].some((k) => o[k as keyof FilterFlags] !== undefined);
      const filters = given ? { ...before.filters, ...pick(filtersFrom(o, before.kind), o) } : null;
      const s = await api.updateSubscription({ id: id(), name: o.name ?? null, filters, enabled: o.enable ? true : o.disable ? false : null });
      return io.stdout(o.json ? JSON.stringify(s, null, 2) : describeSubscription(s));
    }
    if (action === 'settings') {
      const change = { ...(o.fetchHour != null ? { fetchHour: o.fetchHour } : {}), ...(o.interest ? { interestEnabled: o.interest === 'on' } : {}) };
      const s = Object.keys(change).length ? await api.setSubscriptionSettings(change) : await api.subscriptionSettings({});
      return io.stdout(o.json ? JSON.stringify(s) : `Daily fetch at ${String(s.fetchHour).padStart(2, '0')}:00; ranking by your reading ${s.interestEnabled ? 'on' : 'off'}.`);
    }
    throw new LecternError('BAD_INPUT', `unknown action “${action}”: use list, fetch, remove <id>, edit <id> or settings.`);
  });
};

/** Only the filters given on the command line replace the stored ones. */
function pick(f: SubscriptionFilters, o: FilterFlags): Partial<SubscriptionFilters> {
  const out: Partial<SubscriptionFilters> = {};
  if (o.keyword) out.keywords = f.keywords;
  if (o.exclude) out.exclude = f.exclude;
  if (o.author) out.authors = f.authors;
  if (o.category) out.categories = f.categories;
  if (o.minUpvotes != null) out.minUpvotes = f.minUpvotes;
  if (o.max != null) out.max = f.max;
  if (o.maxBy) out.maxBy = f.maxBy;
  return out;
}
