import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { findLinks } from '../../text/links';
import { cleanText } from '../../text/normalize';
import { arxivFromUrl, splitAuthorList } from '../arxiv-refs';
import { child, childText, clip, dateFromRfc822 } from '../xml';
import { readRss, rssItems, rssText } from './arxiv-rss';

/**
 * RSS feeds of Hugging Face Daily Papers (scraped from huggingface.co/papers, e.g. by rfeed):
 * each item links to huggingface.co/papers/<arXiv id>; titles keep arXiv's hard wraps; the
 * description is the HF AI summary, a tab-padded "AI-generated summary" label, then the abstract.
 */
export const hfRssFormat: DigestFormat = {
  id: 'hf-rss',
  label: 'Hugging Face Daily Papers RSS',
  detect(text) {
    const head = text.slice(0, 65_536);
    if (!/<rss[\s>]/.test(head)) return 0;
    return /huggingface\.co\/papers\//i.test(head) ? 1 : 0;
  },
  parse(text, ctx) {
    return parseHfRss(text, ctx);
  },
};

const SUMMARY_LABEL = 'AI-generated summary';

function parseHfRss(text: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const feed = readRss(text, where, 'Hugging Face papers RSS feed');
  const out: ParsedDigest = { format: 'hf-rss', entries: [], problems: [] };
  let newest: string | null = null;

  for (const { item, line } of rssItems(feed, out, text.length)) {
    const title = cleanText(rssText(child(item, 'title')));
    const link = childText(item, 'link').trim();
    if (!title) {
      out.problems.push({ line, entry: clip(link || '<item>'), reason: 'the item has no title' });
      continue;
    }
    const ref = arxivFromUrl(link) ?? arxivFromUrl(childText(item, 'guid'));
    const description = rssText(child(item, 'description'));
    // Without the label the description is the abstract alone (older items have no AI summary).
    const label = description.indexOf(SUMMARY_LABEL);
    const abstract = cleanText(label >= 0 ? description.slice(label + SUMMARY_LABEL.length) : description) || null;
    const creator = cleanText(rssText(child(item, 'creator')));
    const authors = creator ? splitAuthorList(creator) : [];
    const posted = dateFromRfc822(childText(item, 'pubDate'));
    if (posted && (!newest || posted > newest)) newest = posted;
    const entry: ParsedEntry = {
      line,
      title,
      abstract,
      authors: authors.length ? authors : null,
      // pubDate is when the paper was posted to the daily list, not its arXiv publication.
      published: null,
      arxivId: ref?.id ?? null,
      arxivVersion: ref?.version ?? null,
      links: abstract ? findLinks(abstract) : [],
    };
    out.entries.push(entry);
  }

  if (feed.date) out.date = feed.date;
  else if (newest) {
    out.date = newest;
    out.dateNote = `The feed gives no date of its own; taken as ${newest}, the day its newest item was posted.`;
  }
  const base = feed.title || 'Hugging Face Papers';
  const named = /rss/i.test(base) ? base : `${base} RSS`;
  out.name = out.date ? `${named} ${out.date}` : named;
  return out;
}
