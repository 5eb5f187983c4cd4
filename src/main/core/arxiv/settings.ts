import { LecternError } from '../../../shared/errors';
import { APP_VERSION } from '../version';

export interface ArxivSettings {
  /** The API's query endpoint (Atom). */
  apiUrl: string;
  /** Where PDFs live: <pdfUrl><id>. */
  pdfUrl: string;
  /** The category feeds: <rssUrl><cs.CL+cs.LG> (subscriptions). */
  rssUrl: string;
  /** At least this long between the end of one request to arXiv and the start of the next. */
  delayMs: number;
  /** A request that sends nothing for this long is given up (and retried later). */
  timeoutMs: number;
  /** Tries per paper before it is marked failed (timeouts, 5xx, cut bodies). */
  maxAttempts: number;
  userAgent: string;
}

const ARXIV_DEFAULTS = {
  apiUrl: 'https://export.arxiv.org/api/query',
  pdfUrl: 'https://arxiv.org/pdf/',
  rssUrl: 'https://rss.arxiv.org/rss/',
  delayMs: 3000,
  timeoutMs: 60_000,
  maxAttempts: 5,
} as const;

const USER_AGENT = `Lectern/${APP_VERSION} (reading-list manager; one connection, polite pacing)`;

/**
 * The arXiv endpoints and pacing, from LECTERN_ARXIV_API, LECTERN_ARXIV_PDF, LECTERN_ARXIV_RSS,
 * LECTERN_ARXIV_DELAY_MS (and LECTERN_ARXIV_TIMEOUT_MS), with DESIGN.md's defaults. A bad value
 * is refused with the variable's name rather than silently replaced.
 */
export function arxivSettings(env: Record<string, string | undefined>): ArxivSettings {
  return {
    apiUrl: url(env, 'LECTERN_ARXIV_API', ARXIV_DEFAULTS.apiUrl),
    pdfUrl: url(env, 'LECTERN_ARXIV_PDF', ARXIV_DEFAULTS.pdfUrl),
    rssUrl: url(env, 'LECTERN_ARXIV_RSS', ARXIV_DEFAULTS.rssUrl),
    delayMs: whole(env, 'LECTERN_ARXIV_DELAY_MS', ARXIV_DEFAULTS.delayMs),
    timeoutMs: whole(env, 'LECTERN_ARXIV_TIMEOUT_MS', ARXIV_DEFAULTS.timeoutMs, 1),
    maxAttempts: ARXIV_DEFAULTS.maxAttempts,
    userAgent: USER_AGENT,
  };
}

/** An http(s) URL setting, or its default; a malformed one is refused naming the variable. */
export function url(env: Record<string, string | undefined>, name: string, fallback: string): string {
  const v = env[name]?.trim();
  if (!v) return fallback;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new LecternError('BAD_INPUT', `${name} is not a URL ("${v}"). Unset it to use ${fallback}.`, name);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new LecternError('BAD_INPUT', `${name} must be an http(s) URL (got "${v}").`, name);
  return v;
}

/** A whole-number setting, or its default; a malformed one is refused naming the variable. */
export function whole(env: Record<string, string | undefined>, name: string, fallback: number, min = 0): number {
  const v = env[name]?.trim();
  if (!v) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min) {
    throw new LecternError('BAD_INPUT', `${name} must be a whole number of milliseconds${min ? ` of at least ${min}` : ''} (got "${v}"). Unset it for the default, ${fallback}.`, name);
  }
  return Number(v);
}
