import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cleanText } from '../text/normalize';
import { normalizeDoi, parseArxivId } from '../text/ids';

/** One paper as the arXiv API describes it. */
export interface ArxivEntry {
  /** Without version: 2507.12950, hep-th/9901001. */
  arxivId: string;
  version: number | null;
  title: string;
  abstract: string | null;
  /** Full names, in order. */
  authors: string[];
  /** YYYY-MM-DD of v1. */
  published: string | null;
  updated: string | null;
  categories: string[];
  primaryCategory: string | null;
  doi: string | null;
  pdfUrl: string | null;
  journalRef: string | null;
  comment: string | null;
}

interface ArxivFeed {
  totalResults: number | null;
  entries: ArxivEntry[];
}

/** The API answered, but with its error feed (an entry titled "Error"), or with something not Atom. */
export class ArxivFeedError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Old feeds declare xmlns:arxiv on each element, new ones once on <feed>: drop prefixes.
  removeNSPrefix: true,
  // Ids like 2507.12950 must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'entry' || name === 'author' || name === 'link' || name === 'category',
});

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  if (v == null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && '#text' in (v as Node)) return String((v as Node)['#text']);
  return null;
}

function attr(v: unknown, name: string): string | null {
  return v && typeof v === 'object' ? ((v as Node)[`@_${name}`] as string | undefined) ?? null : null;
}

/** Parses an arXiv API response (old 2016 or new 2026 format); throws ArxivFeedError on its error feed. */
export function parseArxivFeed(xml: string): ArxivFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ArxivFeedError(`the API's answer is not valid XML (${valid.err.msg}, line ${valid.err.line})`);
  const doc = parser.parse(xml) as Node;
  const feed = doc.feed as Node | undefined;
  if (!feed || typeof feed !== 'object') throw new ArxivFeedError('the API answered with XML that is not an Atom feed');
  const entries: ArxivEntry[] = [];
  for (const e of (feed.entry as Node[] | undefined) ?? []) {
    const idUrl = text(e.id) ?? '';
    if (/\/api\/errors/.test(idUrl)) {
      throw new ArxivFeedError(`arXiv's API refused the query: ${cleanText(text(e.summary) ?? text(e.title) ?? 'error')}`);
    }
    const entry = toEntry(e, idUrl);
    if (entry) entries.push(entry);
  }
  const total = text(feed.totalResults);
  return { totalResults: total && /^\d+$/.test(total.trim()) ? Number(total) : null, entries };
}

function toEntry(e: Node, idUrl: string): ArxivEntry | null {
  const m = /\/abs\/(.+)$/.exec(idUrl.trim());
  const ref = m ? parseArxivId(m[1]!) : null;
  if (!ref) return null;
  const links = (e.link as Node[] | undefined) ?? [];
  const pdf = links.find((l) => attr(l, 'title') === 'pdf' || attr(l, 'type') === 'application/pdf');
  const doiLink = links.find((l) => attr(l, 'title') === 'doi');
  const doi = normalizeDoi(text(e.doi) ?? attr(doiLink, 'href') ?? '');
  const date = (v: unknown) => {
    const s = text(v)?.trim();
    return s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null;
  };
  const categories = ((e.category as Node[] | undefined) ?? []).map((c) => attr(c, 'term')).filter((t): t is string => !!t);
  const primary = attr(e.primary_category, 'term');
  const abstract = text(e.summary);
  return {
    arxivId: ref.id,
    version: ref.version,
    title: cleanText(text(e.title) ?? ''),
    abstract: abstract ? cleanText(abstract) || null : null,
    authors: ((e.author as Node[] | undefined) ?? []).map((a) => cleanText(text(a.name) ?? '')).filter(Boolean),
    published: date(e.published),
    updated: date(e.updated),
    categories: primary && !categories.includes(primary) ? [primary, ...categories] : categories,
    primaryCategory: primary,
    doi,
    pdfUrl: attr(pdf, 'href'),
    journalRef: text(e.journal_ref) ? cleanText(text(e.journal_ref)!) : null,
    comment: text(e.comment) ? cleanText(text(e.comment)!) : null,
  };
}
