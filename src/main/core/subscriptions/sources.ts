import { LecternError } from '../../../shared/errors';
import type { SubscriptionKind } from '../../../shared/methods/subscriptions';
import { url as urlSetting, whole } from '../arxiv/settings';
import { isArxivCategory } from '../import/arxiv-refs';
import { APP_VERSION } from '../version';

export interface FeedSettings {
  /** The HF daily papers API, asked as ?date=YYYY-MM-DD. */
  hfApi: string;
  /** Timeout of one request to a source other than arXiv (arXiv's own applies to its feeds). */
  timeoutMs: number;
  userAgent: string;
}

export const HF_API_DEFAULT = 'https://huggingface.co/api/daily_papers';
/** HF days missed while Lectern was not running are caught up this far back. */
export const HF_CATCH_UP_DAYS = 14;

export function feedSettings(env: Record<string, string | undefined>): FeedSettings {
  return {
    hfApi: urlSetting(env, 'LECTERN_HF_API', HF_API_DEFAULT),
    timeoutMs: whole(env, 'LECTERN_FEED_TIMEOUT_MS', 30_000, 1),
    userAgent: `Lectern/${APP_VERSION} (reading-list manager; daily subscriptions)`,
  };
}

export function hfDayUrl(api: string, day: string): string {
  const u = new URL(api);
  u.searchParams.set('date', day);
  return u.href;
}

export function arxivRssUrl(base: string, categories: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${categories}`;
}

/**
 * A subscription's source from what the user typed: `hf-daily`; arXiv categories ("cs.CL",
 * "cs.CL+cs.LG", spaces or commas allowed between them); or an http(s) feed URL. Returns the
 * stored target (normalised) and a default name.
 */
export function normaliseSource(kind: SubscriptionKind, target: string | null | undefined): { target: string | null; name: string } {
  if (kind === 'hf-daily') return { target: null, name: 'HF Daily Papers' };
  const t = (target ?? '').trim();
  if (kind === 'arxiv') {
    const cats = t.split(/[+,\s]+/).filter(Boolean);
    if (cats.length === 0) throw new LecternError('BAD_INPUT', 'Name the arXiv categories to follow, e.g. cs.CL, or cs.CL+cs.LG.', 'categories');
    const bad = cats.find((c) => !isArxivCategory(c));
    if (bad) throw new LecternError('BAD_INPUT', `“${bad}” is not an arXiv category (they look like cs.CL, math.AP, hep-th).`, bad);
    const joined = [...new Set(cats)].join('+');
    return { target: joined, name: `arXiv ${joined}` };
  }
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    throw new LecternError('BAD_INPUT', `“${t}” is not a feed URL (give an http(s) address of an RSS, Atom or JSON Feed).`, t);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new LecternError('BAD_INPUT', `A feed must be an http(s) URL (got ${u.protocol}).`, t);
  if (u.username || u.password) throw new LecternError('BAD_INPUT', 'A feed URL with a user name or password is refused: it would be stored in the library in clear.', t);
  return { target: u.href, name: u.host.replace(/^www\./, '') };
}

/** YYYY-MM-DD of a time in UTC (the HF list's days are UTC days). */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return utcDay(d);
}

/**
 * The HF days a fetch asks: the days after the last one fetched whole, through yesterday (a day's
 * list is complete once it is over, so each day is one digest), at most 14 days back; a new
 * subscription starts with yesterday. `since` asks again from that day (conditional requests
 * make days already fetched cheap).
 */
export function hfDaysToFetch(now: Date, coveredThrough: string | null, since: string | null): string[] {
  const yesterday = addDays(utcDay(now), -1);
  const earliest = addDays(yesterday, -(HF_CATCH_UP_DAYS - 1));
  let from = since ?? (coveredThrough ? addDays(coveredThrough, 1) : yesterday);
  if (!since && from < earliest) from = earliest;
  const days: string[] = [];
  for (let d = from; d <= yesterday && days.length < 400; d = addDays(d, 1)) days.push(d);
  return days;
}
