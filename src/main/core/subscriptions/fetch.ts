import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import type { FetchOutcome, Subscription } from '../../../shared/methods/subscriptions';
import type { ParsedDigest, ParsedEntry } from '../../../shared/parsed';
import type { ArxivClient } from '../arxiv/client';
import type { ArxivSettings } from '../arxiv/settings';
import { detectFormat, formatById } from '../import/detect';
import type { Logger } from '../logger';
import { getConditional, SourceError, type HttpDeps } from './http';
import { ingest } from './ingest';
import { arxivRssUrl, hfDaysToFetch, hfDayUrl, utcDay, type FeedSettings } from './sources';
import { listSubscriptions, markFetched, requestState, saveRequestState } from './store';

export interface FetchDeps {
  db: Database;
  now: () => Date;
  clock: () => number;
  fetch: typeof fetch;
  logger: Logger;
  feeds: () => FeedSettings;
  arxiv: () => ArxivSettings;
  /** The one client every arXiv request goes through (its pacing is shared with downloads). */
  arxivClient: () => ArxivClient;
  /** The interest of entries not yet in the library, for "at most N by interest" (null: no model). */
  interestOf: (entries: ParsedEntry[]) => (number | null)[] | null;
  /** Papers were added: index them and tell whoever waits (the interest model). */
  afterImport: (added: number) => void;
  /** The start of the local day, for "new today". */
  dayStart: () => string;
}

/** One answer to ingest, or a 304. */
interface Answer {
  url: string;
  day: string | null;
  fetched: Awaited<ReturnType<typeof getConditional>>;
}

const MINUTE = 60_000;

/** After n failures in a row: 5 min, 10, 20, … at most 6 h (or what the source asked). */
export function backoffMs(failures: number, asked: number | null): number {
  const ours = Math.min(6 * 60 * MINUTE, 5 * MINUTE * 2 ** Math.max(0, failures - 1));
  return Math.max(ours, Math.min(asked ?? 0, 24 * 60 * MINUTE));
}

/**
 * One round: every enabled subscription that is due (or those named), all at once so that a slow
 * or failing source holds up no other (arXiv's feeds still queue behind arXiv's pace). Each
 * source's outcome is returned; a failure is kept on the subscription with when to try again.
 */
export async function fetchRound(d: FetchDeps, opts: { ids?: number[] | null; since?: string | null } = {}): Promise<FetchOutcome[]> {
  const all = listSubscriptions(d.db, d.dayStart());
  if (opts.ids?.length) {
    const missing = opts.ids.filter((id) => !all.some((s) => s.id === id));
    if (missing.length) throw new LecternError('NOT_FOUND', `There is no subscription #${missing[0]} (lectern subscriptions lists them).`, `subscription ${missing[0]}`);
  }
  const chosen = opts.ids?.length ? all.filter((s) => opts.ids!.includes(s.id)) : all;
  return Promise.all(chosen.map((s) => fetchOne(d, s, { since: opts.since ?? null, named: !!opts.ids?.length })));
}

async function fetchOne(d: FetchDeps, sub: Subscription, opts: { since: string | null; named: boolean }): Promise<FetchOutcome> {
  const out: FetchOutcome = { id: sub.id, name: sub.name, ok: true, error: null, days: [], found: 0, added: 0, existing: 0, seen: 0, filteredOut: 0, notModified: 0, digests: [], skipped: null };
  const now = d.now();
  if (!sub.enabled && !opts.named) return { ...out, skipped: 'turned off' };
  if (sub.retryAt && sub.retryAt > now.toISOString() && !opts.named) {
    return { ...out, ok: !sub.lastError, error: sub.lastError, skipped: `waiting until ${sub.retryAt.slice(0, 16).replace('T', ' ')} UTC after: ${sub.lastError ?? 'a failure'}` };
  }
  let covered: string | null = null;
  try {
    if (sub.kind === 'hf-daily') {
      const settings = d.feeds();
      for (const day of hfDaysToFetch(now, sub.coveredThrough, opts.since)) {
        const url = hfDayUrl(settings.hfApi, day);
        out.days.push(day);
        const answer = await ask(d, sub, url, day, null);
        take(d, sub, answer, out, 'hf-json');
        covered = day;
        // Days done so far count even if a later one fails: the next round starts after them.
        markFetched(d.db, sub.id, { ok: true, coveredThrough: covered }, d.now().toISOString());
      }
    } else {
      const url = sub.kind === 'arxiv' ? arxivRssUrl(d.arxiv().rssUrl, sub.target!) : sub.target!;
      const answer = await ask(d, sub, url, null, sub.kind === 'arxiv' ? d.arxivClient() : null);
      take(d, sub, answer, out, null);
    }
    markFetched(d.db, sub.id, { ok: true, coveredThrough: covered }, d.now().toISOString());
  } catch (e) {
    const reason = e instanceof SourceError || e instanceof LecternError ? e.message : `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
    if (!(e instanceof SourceError || e instanceof LecternError)) d.logger.error(`subscription #${sub.id} failed`, e);
    const retryAt = new Date(d.clock() + backoffMs(sub.failures + 1, e instanceof SourceError ? e.retryAfterMs : null)).toISOString();
    markFetched(d.db, sub.id, { ok: false, error: reason, retryAt }, d.now().toISOString());
    out.ok = false;
    out.error = reason;
  }
  return out;
}

async function ask(d: FetchDeps, sub: Subscription, url: string, day: string | null, arxiv: ArxivClient | null): Promise<Answer> {
  const settings = d.feeds();
  const http: HttpDeps = { fetch: d.fetch, userAgent: settings.userAgent, timeoutMs: settings.timeoutMs, clock: d.clock };
  const fetched = await getConditional(url, requestState(d.db, sub.id, url), http, arxiv);
  return { url, day, fetched };
}

/** Reads an answer with the importers and ingests it; the request state is saved only once it was read. */
function take(d: FetchDeps, sub: Subscription, a: Answer, out: FetchOutcome, formatId: string | null): void {
  if (a.fetched.status === 'not-modified') {
    out.notModified++;
    return;
  }
  const { text, etag, lastModified } = a.fetched;
  const parsed = parseAnswer(text, a.url, formatId, d.now());
  const day = a.day ?? parsed.digest.date ?? utcDay(d.now());
  if (!a.day) out.days.push(day);
  const r = ingest(d.db, {
    sub,
    parsed: parsed.digest,
    formatLabel: parsed.label,
    raw: text,
    name: `${sub.name} ${day}`,
    day,
    url: a.url,
    now: d.now().toISOString(),
    interestOf: d.interestOf,
  });
  saveRequestState(d.db, sub.id, a.url, etag, lastModified, d.now().toISOString());
  out.found += r.found;
  out.added += r.added;
  out.existing += r.existing;
  out.seen += r.seen;
  out.filteredOut += r.filteredOut;
  if (r.digest) out.digests.push(r.digest);
  if (r.added) d.afterImport(r.added);
}

/** The importers read the answer exactly as `lectern import` would; a source that sends something else fails with their reason. */
export function parseAnswer(text: string, url: string, formatId: string | null, now: Date): { digest: ParsedDigest; label: string } {
  const where = url;
  try {
    const format = formatId ? formatById(formatId) : detectFormat(text, new URL(url).pathname.split('/').pop() ?? null, where);
    return { digest: format.parse(text, { fileName: where, now }), label: format.label };
  } catch (e) {
    if (e instanceof LecternError) throw new SourceError(`could not read what ${new URL(url).host} sent: ${e.message}`);
    throw e;
  }
}
