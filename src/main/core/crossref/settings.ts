import { LecternError } from '../../../shared/errors';
import { url, whole } from '../arxiv/settings';
import { APP_VERSION } from '../version';

/** Where papers with a DOI are looked up and their open copies found, and how politely. */
export interface WebSettings {
  /** Crossref's works endpoint: <crossrefApi>/<doi>, and ?query.bibliographic= for titles. */
  crossrefApi: string;
  /** Unpaywall v2: <unpaywallApi>/<doi>?email=… (asked only with a contact e-mail). */
  unpaywallApi: string;
  /** Sent to Crossref (in the User-Agent, its "polite pool") and to Unpaywall (which requires it). */
  contactEmail: string | null;
  /** A DOI's landing page: <doiResolver><doi> (its citation_pdf_url is a last resort). */
  doiResolver: string;
  /** bioRxiv and medRxiv PDFs by DOI: <base><doi>.full.pdf. */
  biorxivPdf: string;
  medrxivPdf: string;
  /** At least this long between the end of one request to a host and the start of the next. */
  hostDelayMs: number;
  timeoutMs: number;
  /** Tries per paper before a lookup or download is given up (429, 5xx, timeouts). */
  maxAttempts: number;
  userAgent: string;
}

export const WEB_DEFAULTS = {
  crossrefApi: 'https://api.crossref.org/works',
  unpaywallApi: 'https://api.unpaywall.org/v2',
  doiResolver: 'https://doi.org/',
  biorxivPdf: 'https://www.biorxiv.org/content/',
  medrxivPdf: 'https://www.medrxiv.org/content/',
  hostDelayMs: 1000,
  timeoutMs: 60_000,
  maxAttempts: 5,
} as const;

/** Crossref's etiquette: name the tool, and a mailto where the user gave one. */
export function politeUserAgent(email: string | null): string {
  return `Lectern/${APP_VERSION} (reading-list manager; one request at a time per host${email ? `; mailto:${email}` : ''})`;
}

/**
 * The endpoints of Crossref, Unpaywall, doi.org, bioRxiv and medRxiv, and the pace per host, from
 * LECTERN_CROSSREF_API, LECTERN_UNPAYWALL_API, LECTERN_CONTACT_EMAIL, LECTERN_DOI_RESOLVER,
 * LECTERN_BIORXIV_PDF, LECTERN_MEDRXIV_PDF and LECTERN_HOST_DELAY_MS. A bad value is refused
 * naming its variable.
 */
export function webSettings(env: Record<string, string | undefined>): WebSettings {
  const email = env.LECTERN_CONTACT_EMAIL?.trim() || null;
  if (email && !/^[^\s@()<>;,]+@[^\s@()<>;,]+\.[^\s@()<>;,]+$/.test(email)) {
    throw new LecternError('BAD_INPUT', `LECTERN_CONTACT_EMAIL is not an e-mail address ("${email}"). Unset it, or give the address Crossref and Unpaywall may write to.`, 'LECTERN_CONTACT_EMAIL');
  }
  return {
    crossrefApi: url(env, 'LECTERN_CROSSREF_API', WEB_DEFAULTS.crossrefApi).replace(/\/+$/, ''),
    unpaywallApi: url(env, 'LECTERN_UNPAYWALL_API', WEB_DEFAULTS.unpaywallApi).replace(/\/+$/, ''),
    contactEmail: email,
    doiResolver: withSlash(url(env, 'LECTERN_DOI_RESOLVER', WEB_DEFAULTS.doiResolver)),
    biorxivPdf: withSlash(url(env, 'LECTERN_BIORXIV_PDF', WEB_DEFAULTS.biorxivPdf)),
    medrxivPdf: withSlash(url(env, 'LECTERN_MEDRXIV_PDF', WEB_DEFAULTS.medrxivPdf)),
    hostDelayMs: whole(env, 'LECTERN_HOST_DELAY_MS', WEB_DEFAULTS.hostDelayMs),
    timeoutMs: whole(env, 'LECTERN_ARXIV_TIMEOUT_MS', WEB_DEFAULTS.timeoutMs, 1),
    maxAttempts: WEB_DEFAULTS.maxAttempts,
    userAgent: politeUserAgent(email),
  };
}

function withSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}
