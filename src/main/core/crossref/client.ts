import type { Json } from '../import/json-source';
import { HostError, type HostClient } from '../downloads/hosts';
import { parseCrossrefList, parseCrossrefWork, type CrossrefWork } from './record';
import type { WebSettings } from './settings';

/** A DOI in a URL path: each segment encoded (SICI DOIs carry [ ] : ;), the slashes kept. */
export function doiPath(doi: string): string {
  return doi.split('/').map(encodeURIComponent).join('/');
}

async function getJson(hosts: HostClient, url: string, what: string, signal?: AbortSignal): Promise<{ status: number; json: Json | null }> {
  const r = await hosts.getText(url, { Accept: 'application/json' }, signal);
  if (r.status === 404) return { status: 404, json: null };
  if (r.status !== 200) throw new HostError('permanent', `${what} answered ${r.status} to ${url}`, { status: r.status });
  try {
    return { status: 200, json: JSON.parse(r.text) as Json };
  } catch {
    throw new HostError('permanent', `${what} answered with something that is not JSON (${r.contentType || 'no content type'}) to ${url}`);
  }
}

/** Crossref's record of a DOI; null when Crossref does not know it (404). */
export async function fetchWork(hosts: HostClient, web: WebSettings, doi: string, signal?: AbortSignal): Promise<CrossrefWork | null> {
  const { json } = await getJson(hosts, `${web.crossrefApi}/${doiPath(doi)}`, 'Crossref', signal);
  if (json === null) return null;
  const work = parseCrossrefWork(json);
  if (!work) throw new HostError('permanent', `Crossref's answer for ${doi} is not a work record`);
  return work;
}

/** Crossref's best matches for a title (query.bibliographic), at most `rows`. */
export async function searchWorks(hosts: HostClient, web: WebSettings, title: string, signal?: AbortSignal, rows = 5): Promise<CrossrefWork[]> {
  const url = `${web.crossrefApi}?query.bibliographic=${encodeURIComponent(title)}&rows=${rows}`;
  const { json } = await getJson(hosts, url, 'Crossref', signal);
  return json === null ? [] : parseCrossrefList(json);
}
