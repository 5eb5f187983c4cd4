import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { findLinks } from '../../text/links';
import { parseArxivId, type ArxivRef } from '../../text/ids';
import { cleanText } from '../../text/normalize';
import { decodeTexAccents } from '../arxiv-tex';
import { arxivFromUrl, isArxivCategory, splitAuthorList } from '../arxiv-refs';
import { child, childrenNamed, childText, clip, dateFromIso, dateFromRfc822, htmlToText, looksLikeHtml, parseXmlFeed, recordQuote, textOf, type XmlFeed, type XmlNode, type XmlRecord } from '../xml';

/**
 * arXiv's RSS feeds (rss.arxiv.org, 2024+): the description is
 * "arXiv:2604.21935v1 Announce Type: new \nAbstract: …" and dc:creator holds all authors.
 * Also feeds in the older convention, where the title (or, in feeds derived from it, a line
 * of the description) reads "Title. (arXiv:2304.01974v1 [cs.CL])".
 */
export const arxivRssFormat: DigestFormat = {
  id: 'arxiv-rss',
  label: 'arXiv RSS feed',
  detect(text) {
    const head = text.slice(0, 65_536);
    if (!/<(?:rss|(?:\w+:)?RDF)[\s>]/.test(head)) return 0;
    if (/huggingface\.co\/papers\//i.test(head)) return 0.1;
    if (/Announce Type:|rss\.arxiv\.org|arxiv\.org\/rss|<(?:\w+:)?announce_type>/i.test(head)) return 1;
    if (/arxiv\.org\/abs\//i.test(head)) return 0.9;
    return /arxiv/i.test(head) ? 0.7 : 0.25;
  },
  parse(text, ctx) {
    return parseArxivRss(text, ctx);
  },
};

interface RssFeed {
  feed: XmlFeed;
  channel: XmlNode | null;
  title: string;
  /** The channel's own date: pubDate, else lastBuildDate, else dc:date. */
  date: string | null;
}

/** The channel of an RSS 2.0 (or RSS 1.0/RDF) feed, with its items as records; throws when it is not one. */
export function readRss(text: string, where: string, what: string): RssFeed {
  const feed = parseXmlFeed(text, where, what, 'item');
  const { root } = feed;
  const line = feed.lineAt(root.start);
  if (root.name !== 'rss' && root.name !== 'RDF') {
    throw new LecternError('UNREADABLE', `${where} line ${line}: expected an RSS feed, but the XML root is <${root.name}>. Nothing was imported.`, `${where}:${line}`);
  }
  const channel = child(root, 'channel');
  if (!channel && root.name === 'rss') {
    throw new LecternError('UNREADABLE', `${where} line ${line}: this RSS feed has no <channel>. Nothing was imported.`, `${where}:${line}`);
  }
  const title = cleanText(childText(channel, 'title'));
  const date = dateFromRfc822(childText(channel, 'pubDate')) ?? dateFromRfc822(childText(channel, 'lastBuildDate')) ?? dateFromIso(childText(channel, 'date'));
  return { feed, channel, title, date };
}

/**
 * The usable items of a feed, with problems recorded for cut-off or unreadable ones (and for a
 * file that ends before its root closes).
 */
export function* rssItems(rss: RssFeed, out: ParsedDigest, textLength: number): Generator<{ item: XmlNode; line: number }> {
  let cut = false;
  for (const rec of rss.feed.records()) {
    if (!rec.node || !rec.complete) {
      cut ||= !rec.complete;
      out.problems.push({ line: rec.line, entry: recordQuote(rec), reason: itemTrouble(rec) });
      continue;
    }
    yield { item: rec.node, line: rec.line };
  }
  if (!rss.feed.rootClosed && !cut) {
    out.problems.push({ line: rss.feed.lineAt(textLength), reason: `the file ends before </${rss.feed.root.name}>; it may be cut off` });
  }
}

function itemTrouble(rec: XmlRecord): string {
  return rec.complete ? `this item cannot be read: ${rec.error}` : 'the file ends inside this item (it looks cut off)';
}

/** Plain text of an RSS field, whether it holds text or escaped HTML. */
export function rssText(node: XmlNode | null): string {
  const s = textOf(node);
  return looksLikeHtml(s) ? htmlToText(s) : s;
}

const MODERN_RE = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?([\s\S]*)$/i;
const OLD_TITLE_RE = /^\s*([\s\S]+?)\.?\s*\(arXiv:([^\s\])]+)(?:\s+\[([^\]]*)\])?(\s+UPDATED)?\)\s*$/;

function parseArxivRss(text: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const feed = readRss(text, where, 'arXiv RSS feed');
  const out: ParsedDigest = { format: 'arxiv-rss', entries: [], problems: [] };

  for (const { item, line } of rssItems(feed, out, text.length)) {
    const itemTitle = cleanText(decodeTexAccents(rssText(child(item, 'title'))));
    const entry = readItem(item, itemTitle, line, feed.date);
    if (!entry.title) {
      out.problems.push({ line, entry: clip(childText(item, 'link').trim() || '<item>'), reason: 'the item has no title' });
      continue;
    }
    out.entries.push(entry);
  }

  out.date = feed.date;
  const cat = /^(.+?) updates on arXiv\.org$/i.exec(feed.title)?.[1];
  const base = cat ? `arXiv ${cat} RSS` : feed.title || 'arXiv RSS';
  out.name = out.date ? `${base} ${out.date}` : base;
  return out;
}

function readItem(item: XmlNode, itemTitle: string, line: number, channelDate: string | null): ParsedEntry {
  // The 2024+ description is plain text: only other shapes may carry escaped HTML.
  const rawDescription = textOf(child(item, 'description'));
  const modern = MODERN_RE.exec(rawDescription);
  const description = modern ? rawDescription : rssText(child(item, 'description'));
  let title = itemTitle;
  let abstract: string | null = null;
  let ref: ArxivRef | null = null;
  let announce = cleanText(childText(item, 'announce_type')).toLowerCase() || null;
  let categories: string[] = [];

  const oldInTitle = itemTitle.length < 5000 ? OLD_TITLE_RE.exec(itemTitle) : null;
  const oldInDescription = !modern && !oldInTitle ? oldConventionLine(description) : null;
  if (modern) {
    ref = parseArxivId(modern[1]!);
    announce ??= modern[2]!.toLowerCase();
    abstract = modern[3]!;
  } else if (oldInTitle) {
    title = oldInTitle[1]!;
    ref = parseArxivId(oldInTitle[2]!);
    announce ??= oldInTitle[4] ? 'replace' : 'new';
    categories = splitCategories(oldInTitle[3]);
    abstract = description;
  } else if (oldInDescription) {
    // A derived feed: the <title> is someone's summary; the paper's own title is in the body,
    // and the rest of the body is that summary too, not the paper's abstract.
    title = oldInDescription[1]!;
    ref = parseArxivId(oldInDescription[2]!);
    announce ??= oldInDescription[4] ? 'replace' : 'new';
    categories = splitCategories(oldInDescription[3]);
  } else {
    title = withoutAggregatorTags(itemTitle);
    abstract = description;
  }

  ref ??= arxivFromUrl(childText(item, 'guid')) ?? arxivFromUrl(childText(item, 'link'));
  const guidRef = arxivFromUrl(childText(item, 'guid'));
  const version = ref?.version ?? (guidRef && ref && guidRef.id === ref.id ? guidRef.version : null);
  for (const c of childrenNamed(item, 'category')) categories.push(cleanText(c.text));
  const cats = [...new Set(categories.filter(isArxivCategory))];

  const creator = rssText(child(item, 'creator')) || rssText(child(item, 'author'));
  const authors = splitAuthorList(cleanText(decodeTexAccents(creator))).map(cleanText).filter(Boolean);
  const cleanAbstract = abstract !== null ? cleanText(decodeTexAccents(abstract)) || null : null;
  // The announcement of a first version (new, or cross-listed from another category) is the
  // paper's publication on arXiv; replacements were published earlier, on a day the feed does not say.
  const firstAnnounce = (announce === 'new' || announce === 'cross') && version === 1;
  const published = firstAnnounce ? (dateFromRfc822(childText(item, 'pubDate')) ?? dateFromIso(childText(item, 'date')) ?? channelDate) : null;

  return {
    line,
    title: cleanText(title),
    abstract: cleanAbstract,
    authors: authors.length ? authors : null,
    published,
    arxivId: ref?.id ?? null,
    arxivVersion: version,
    links: cleanAbstract ? findLinks(cleanAbstract) : [],
    categories: cats.length ? cats : null,
  };
}

function oldConventionLine(description: string): RegExpExecArray | null {
  for (const l of description.split('\n')) {
    if (l.indexOf('(arXiv:') < 0 || l.length > 5000) continue;
    const m = OLD_TITLE_RE.exec(cleanText(l));
    if (m) return m;
  }
  return null;
}

/**
 * Aggregator feeds prefix titles with a rank and CJK labels ("[1] [大V/权威] Title",
 * 大V/权威 = big-name/authority). Other brackets ("[Re] …" reproductions) are part of the title.
 */
function withoutAggregatorTags(title: string): string {
  return title.replace(/^(?:\[\d{1,4}\]\s*)?(?:\[[^\]]{0,40}[\u3000-\u9fff\uff00-\uffef][^\]]{0,40}\]\s*)*/u, '') || title;
}

function splitCategories(s: string | undefined): string[] {
  return s ? s.split(/[\s,]+/).filter(Boolean) : [];
}
