import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { parseArxivId, type ArxivRef } from '../../text/ids';
import { findLinks } from '../../text/links';
import {
  arrayItemLines,
  arxivIdInUrl,
  clean,
  clip,
  guarded,
  datePart,
  decodeEntities,
  isObject,
  mostCommon,
  parseJson,
  quoteJson,
  str,
  stripBom,
  stripMarkup,
  type JsonObject,
} from '../json-source';

/**
 * A JSON Feed (1.0 or 1.1) of Hugging Face papers, as made by scraping huggingface.co/papers
 * (MichaelMarkert/rss): items `{id, url: https://huggingface.co/papers/<arXiv id>, title,
 * content_text, date_published}`.
 *
 * - `content_text` is the HF AI summary, the marker "AI-generated summary", then the abstract;
 *   we keep the abstract only.
 * - `date_published` has no time zone and is when the paper was listed on HF, not its arXiv date:
 *   it dates the digest, and entries get no `published` (resolution fills it from arXiv).
 * Other JSON Feeds whose items point at arXiv are read the same way, with low confidence.
 */
export const FORMAT_ID = 'hf-jsonfeed';

const MAX_TITLE = 2000;
const VERSION_RE = /"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\/1(?:\.\d+)?\/?"/;
const AI_MARKER = /\s*AI-generated summary\s*/;

export const hfJsonFeedFormat: DigestFormat = {
  id: FORMAT_ID,
  label: 'Hugging Face papers JSON Feed',
  detect(text) {
    const head = stripBom(text.slice(0, 20_000));
    if (!/^\s*\{/.test(head) || !VERSION_RE.test(head)) return 0;
    if (/https?:\/\/(?:huggingface|hf)\.co\/papers\/\d{4}\.\d{4,5}/.test(head)) return 1;
    if (/https?:\/\/(?:www\.)?arxiv\.org\/(?:abs|pdf)\//.test(head)) return 0.7;
    return 0.3;
  },
  parse(text, ctx) {
    return parseHfJsonFeed(text, ctx);
  },
};

/** Never throws anything but LecternError('UNREADABLE'). */
export function parseHfJsonFeed(input: string, ctx: ParseContext): ParsedDigest {
  return guarded(ctx.fileName ?? 'input', 'JSON Feed', () => read(input, ctx));
}

function read(input: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const text = stripBom(input);
  const root = parseJson(text, where, 'JSON Feed');
  if (!isObject(root) || !(typeof root.version === 'string' && /jsonfeed\.org\/version\/1/.test(root.version))) {
    throw new LecternError(
      'UNREADABLE',
      `${where} line 1: this JSON is not a JSON Feed (no "version": "https://jsonfeed.org/version/1…" at the top). Nothing was imported.`,
      `${where}:1`,
    );
  }
  if (root.items !== undefined && !Array.isArray(root.items)) {
    throw new LecternError('UNREADABLE', `${where}: this JSON Feed's "items" is not a list. Nothing was imported.`, where);
  }
  const items = Array.isArray(root.items) ? root.items : [];
  const lines = arrayItemLines(text, ['items']);
  const out: ParsedDigest = { format: FORMAT_ID, entries: [], problems: [] };
  const days: string[] = [];

  items.forEach((item, k) => {
    const line = lines[k] ?? 1;
    if (!isObject(item)) {
      out.problems.push({ line, entry: quoteJson(item), reason: 'a feed item that is not an object' });
      return;
    }
    const entry = readItem(item, line, out);
    if (entry) out.entries.push(entry);
    days.push(datePart(item.date_published) ?? '');
  });

  if (out.entries.length === 0 && out.problems.length > 0) {
    const first = out.problems[0]!;
    throw new LecternError(
      'UNREADABLE',
      `${where}: a JSON Feed with ${items.length} item${items.length === 1 ? '' : 's'}, none of them a readable paper. First problem, at line ${first.line}: ${first.reason}. Nothing was imported.`,
      `${where}:${first.line}`,
    );
  }

  const date = mostCommon(days);
  if (date) {
    out.date = date;
    const distinct = new Set(days.filter(Boolean)).size;
    out.dateNote =
      `Taken from the items' publication times (the day ${distinct > 1 ? 'most items were' : 'the items were'} listed), read as written` +
      (items.some((i) => isObject(i) && typeof i.date_published === 'string' && !/(?:Z|[+-]\d{2}:?\d{2})\s*$/.test(i.date_published))
        ? ': the feed gives them without a time zone.'
        : '.');
  }
  const feedTitle = str(root.title) ? clean(decodeEntities(str(root.title)!)) : 'JSON Feed';
  out.name = date ? `${clip(feedTitle, 80)} ${date}` : clip(feedTitle, 80);
  return out;
}

function readItem(item: JsonObject, line: number, out: ParsedDigest): ParsedEntry | null {
  const urls = [str(item.url), str(item.id), str(item.external_url)].filter((u): u is string => u !== null);
  let ref: ArxivRef | null = null;
  for (const u of urls) {
    const raw = arxivIdInUrl(u) ?? (/^\s*(?:arxiv:)?\S+\s*$/i.test(u) ? u : null);
    ref = raw ? parseArxivId(raw) : null;
    if (ref) break;
  }
  const rawTitle = str(item.title);
  if (!rawTitle) {
    out.problems.push({ line, entry: urls[0] ? clip(urls[0]) : quoteJson(item), reason: 'no title' });
    return null;
  }
  const title = clean(decodeEntities(rawTitle));
  if (title.length > MAX_TITLE) {
    out.problems.push({ line, entry: clip(title), reason: `a title ${title.length} characters long; that is not a paper title` });
    return null;
  }

  const html = str(item.content_html);
  const content = str(item.content_text) ?? (html ? decodeEntities(stripMarkup(html)) : null) ?? str(item.summary);
  let abstract: string | null = null;
  if (content) {
    const parts = content.split(AI_MARKER);
    // Everything before the marker is Hugging Face's AI summary, not the paper's abstract.
    abstract = clean(parts.length > 1 ? parts.slice(1).join(' ') : content) || null;
  }

  const authors: string[] = [];
  const people = Array.isArray(item.authors) ? item.authors : isObject(item.author) ? [item.author] : [];
  for (const p of people) {
    const name = isObject(p) ? str(p.name) : null;
    if (name) authors.push(clean(name));
  }

  const links: string[] = [];
  const ext = str(item.external_url)?.trim();
  if (ext && /^https?:\/\/\S+$/i.test(ext) && !arxivIdInUrl(ext)) links.push(ext);
  if (abstract) for (const l of findLinks(abstract)) if (!links.includes(l)) links.push(l);

  return {
    line,
    title,
    abstract,
    authors: authors.length ? authors : null,
    published: null,
    arxivId: ref?.id ?? null,
    arxivVersion: ref?.version ?? null,
    doi: null,
    links,
    categories: null,
  };
}
