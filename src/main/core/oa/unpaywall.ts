import { doiPath } from '../crossref/client';
import type { WebSettings } from '../crossref/settings';
import { HostError, type HostClient } from '../downloads/hosts';
import { arxivIdInUrl, isObject, str, type Json, type JsonObject } from '../import/json-source';
import { parseArxivId } from '../text/ids';

/** A place an open copy of a paper may be had. */
export interface OpenCopy {
  url: string;
  /** A PDF, or a landing page whose citation_pdf_url may be one. */
  kind: 'pdf' | 'landing';
  /** Where it was found, for messages ("Unpaywall, bronze"). */
  via: string;
}

export interface UnpaywallAnswer {
  /** Unpaywall knows the DOI (a 404 is "not found", not an error). */
  known: boolean;
  /** green, bronze, gold, hybrid, closed; null when not said. */
  status: string | null;
  /** A copy on arXiv (green OA through arXiv.org): the paper's preprint. */
  arxivId: string | null;
  copies: OpenCopy[];
}

function arxivOf(loc: JsonObject): string | null {
  const pmh = str(loc.pmh_id);
  const m = pmh ? /^oai:arxiv\.org:(.+)$/i.exec(pmh) : null;
  const fromPmh = m ? parseArxivId(m[1]!) : null;
  if (fromPmh) return fromPmh.id;
  for (const u of [str(loc.url_for_landing_page), str(loc.url_for_pdf), str(loc.url)]) {
    const id = u ? arxivIdInUrl(u) : null;
    const ref = id ? parseArxivId(id) : null;
    if (ref) return ref.id;
  }
  return null;
}

/** Reads an Unpaywall v2 record: the best location first, then the others; arXiv copies apart. */
export function readUnpaywall(json: Json): UnpaywallAnswer {
  if (!isObject(json) || json.error === true || typeof json.doi !== 'string') return { known: false, status: null, arxivId: null, copies: [] };
  const status = str(json.oa_status) ?? (json.is_oa === false ? 'closed' : null);
  const locations = [json.best_oa_location, ...(Array.isArray(json.oa_locations) ? json.oa_locations : [])].filter(isObject);
  const copies: OpenCopy[] = [];
  let arxivId: string | null = null;
  const seen = new Set<string>();
  for (const loc of locations) {
    const ax = arxivOf(loc);
    if (ax) {
      arxivId ??= ax;
      continue;
    }
    const via = `Unpaywall${status ? `, ${status}` : ''}${str(loc.host_type) ? ` (${str(loc.host_type)})` : ''}`;
    const pdf = str(loc.url_for_pdf);
    const landing = str(loc.url_for_landing_page);
    for (const [url, kind] of [[pdf, 'pdf'], [landing, 'landing']] as const) {
      if (!url || !/^https?:\/\//i.test(url) || seen.has(url)) continue;
      seen.add(url);
      copies.push({ url, kind, via });
    }
  }
  // PDFs before landing pages: a landing page costs a request more.
  copies.sort((a, b) => Number(a.kind === 'landing') - Number(b.kind === 'landing'));
  return { known: true, status, arxivId, copies };
}

/** Asks Unpaywall where open copies of a DOI are (it requires the contact e-mail). */
export async function askUnpaywall(hosts: HostClient, web: WebSettings, doi: string, signal?: AbortSignal): Promise<UnpaywallAnswer> {
  const url = `${web.unpaywallApi}/${doiPath(doi)}?email=${encodeURIComponent(web.contactEmail ?? '')}`;
  const r = await hosts.getText(url, { Accept: 'application/json' }, signal);
  if (r.status === 404) return { known: false, status: null, arxivId: null, copies: [] };
  if (r.status !== 200) throw new HostError('permanent', `Unpaywall answered ${r.status}`, { status: r.status });
  try {
    return readUnpaywall(JSON.parse(r.text) as Json);
  } catch {
    throw new HostError('permanent', 'Unpaywall answered with something that is not JSON');
  }
}
