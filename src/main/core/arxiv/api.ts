import { titleKey } from '../text/normalize';
import { ArxivFeedError, parseArxivFeed, type ArxivEntry } from './atom';
import { ArxivError, type ArxivClient } from './client';

/** Ids per id_list request: arXiv answers up to a few hundred; 50 keeps each answer small. */
export const ID_BATCH = 50;
const SEARCH_RESULTS = 10;

const STOP = new Set('a an and are as at be by for from in into is it of on or the to via with without towards toward its their our we using'.split(' '));

/** TeX in titles ($^2$, \emph{…}) reduced to its words, then the matching key. */
export function searchKey(title: string): string {
  return titleKey(title.replace(/\\[a-zA-Z]+/g, ' ').replace(/[{}$^_]/g, ' '));
}

/** ti:"the whole title": arXiv's phrase search, the sharpest query. */
export function phraseQuery(title: string): string | null {
  const key = searchKey(title);
  return key ? `ti:"${key}"` : null;
}

/** ti:w1 AND ti:w2 …: finds titles that changed punctuation or a word's form. */
export function wordsQuery(title: string): string | null {
  const words = [...new Set(searchKey(title).split(' '))].filter((w) => w.length > 2 && !STOP.has(w));
  if (words.length === 0) return null;
  return words
    .sort((a, b) => b.length - a.length)
    .slice(0, 8)
    .map((w) => `ti:${w}`)
    .join(' AND ');
}

function searchUrl(apiUrl: string, query: string, max = SEARCH_RESULTS): string {
  return `${apiUrl}?search_query=${encodeURIComponent(query)}&start=0&max_results=${max}`;
}

function idListUrl(apiUrl: string, ids: string[]): string {
  return `${apiUrl}?id_list=${ids.map(encodeURIComponent).join(',')}&start=0&max_results=${ids.length}`;
}

async function feed(client: ArxivClient, url: string, signal?: AbortSignal): Promise<ArxivEntry[]> {
  const { status, text } = await client.getText(url, signal);
  if (status !== 200 && status !== 400) throw new ArxivError('permanent', `arXiv's API answered ${status} to ${url}`, { status });
  try {
    const parsed = parseArxivFeed(text);
    if (status === 400) throw new ArxivFeedError(`arXiv's API answered 400 to ${url}`);
    return parsed.entries;
  } catch (e) {
    if (e instanceof ArxivFeedError) throw new ArxivError('permanent', e.message, { status });
    throw e;
  }
}

/** Candidates for a title: the phrase search, then (when that finds nothing) the words search. */
export async function searchByTitle(client: ArxivClient, title: string, signal?: AbortSignal, enough?: (found: ArxivEntry[]) => boolean): Promise<ArxivEntry[]> {
  const found = new Map<string, ArxivEntry>();
  for (const q of [phraseQuery(title), wordsQuery(title)]) {
    if (!q) continue;
    for (const e of await feed(client, searchUrl(client.settings.apiUrl, q), signal)) if (!found.has(e.arxivId)) found.set(e.arxivId, e);
    if (found.size && (enough ? enough([...found.values()]) : true)) break;
  }
  return [...found.values()];
}

/** Full records for known ids, in one request per ID_BATCH. */
export async function fetchByIds(client: ArxivClient, ids: string[], signal?: AbortSignal): Promise<Map<string, ArxivEntry>> {
  const out = new Map<string, ArxivEntry>();
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    for (const e of await feed(client, idListUrl(client.settings.apiUrl, ids.slice(i, i + ID_BATCH)), signal)) out.set(e.arxivId, e);
  }
  return out;
}
