import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParseContext } from '../../../../shared/parsed';
import { findLinks } from '../../text/links';
import { parseArxivId, normalizeDoi } from '../../text/ids';
import { cleanText } from '../../text/normalize';
import { decodeTexAccents } from '../arxiv-tex';
import { child, childrenNamed, childText, clip, dateFromIso, htmlToText, parseXmlFeed, recordQuote, textOf, type XmlNode } from '../xml';
import { arxivFromDoi, arxivFromUrl, isArxivCategory } from '../arxiv-refs';

/**
 * The arXiv API's Atom feed (export.arxiv.org/api/query), in its 2016 and 2026 shapes, and
 * files that paste such <entry> elements together under another root. Elements are matched
 * by local name only: the aggregated files put only the first entry in the Atom namespace.
 */
export const arxivAtomFormat: DigestFormat = {
  id: 'arxiv-atom',
  label: 'arXiv API (Atom)',
  detect(text) {
    const head = text.slice(0, 65_536);
    const hasEntry = /<(?:\w+:)?entry[\s>]/.test(head);
    if (/<(?:\w+:)?feed[\s>]/.test(head)) {
      if (/arxiv\.org\/(?:api|schemas\/atom)/i.test(head)) return 1;
      return hasEntry && /arxiv\.org\/abs\//i.test(head) ? 0.9 : 0.3;
    }
    return hasEntry && /<(?:\w+:)?id>\s*https?:\/\/arxiv\.org\/abs\//i.test(head) ? 0.8 : 0;
  },
  parse(text, ctx) {
    return parseArxivAtom(text, ctx);
  },
};

function parseArxivAtom(text: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const feed = parseXmlFeed(text, where, 'arXiv API Atom feed', 'entry');
  const { root } = feed;
  const out: ParsedDigest = { format: 'arxiv-atom', entries: [], problems: [] };
  let cut = false;

  for (const rec of feed.records()) {
    const { line } = rec;
    const e = rec.node;
    if (!e) {
      cut ||= !rec.complete;
      out.problems.push({ line, entry: recordQuote(rec), reason: rec.complete ? `this entry cannot be read: ${rec.error}` : 'the file ends inside this entry (it looks cut off)' });
      continue;
    }
    const rawId = cleanText(childText(e, 'id'));
    const title = cleanText(decodeTexAccents(atomText(child(e, 'title'))));
    // The API reports a bad query as a feed with one "Error" entry: that is the whole answer.
    if (/arxiv\.org\/api\/errors/i.test(rawId) || (title === 'Error' && authorNames(e).includes('arXiv api core'))) {
      const message = cleanText(childText(e, 'summary')) || rawId;
      throw new LecternError(
        'UNREADABLE',
        `${where} line ${line}: this is the arXiv API's error answer, not a list of papers: "${clip(message, 200)}". Nothing was imported.`,
        `${where}:${line}`,
      );
    }
    if (!rec.complete) {
      cut = true;
      out.problems.push({ line, entry: recordQuote(rec), reason: 'the file ends inside this entry (it looks cut off)' });
      continue;
    }
    const ref = arxivFromUrl(rawId) ?? parseArxivId(e.attrs.id ?? '') ?? arxivFromLinks(e);
    const doi = doiOf(e);
    const arxiv = ref ?? (doi ? arxivFromDoi(doi) : null);
    if (!title) {
      out.problems.push({ line, entry: clip(rawId || '<entry>'), reason: 'the entry has no title' });
      continue;
    }
    const abstract = cleanText(decodeTexAccents(atomText(child(e, 'summary')))) || null;
    const comment = cleanText(childText(e, 'comment'));
    const authors = authorNames(e);
    out.entries.push({
      line,
      title,
      abstract,
      authors: authors.length ? authors : null,
      published: dateFromIso(childText(e, 'published')) ?? null,
      arxivId: arxiv?.id ?? null,
      arxivVersion: arxiv?.version ?? null,
      doi,
      links: findLinks(`${abstract ?? ''} ${comment}`),
      categories: categoriesOf(e),
    });
  }

  if (feed.recordCount === 0 && root.name !== 'feed') {
    throw new LecternError(
      'UNREADABLE',
      `${where} line ${feed.lineAt(root.start)}: the XML root is <${root.name}>, not an Atom <feed>, and it holds no <entry> elements. Nothing was imported.`,
      `${where}:${feed.lineAt(root.start)}`,
    );
  }
  if (!feed.rootClosed && !cut) {
    out.problems.push({ line: feed.lineAt(text.length), reason: `the file ends before </${root.name}>; it may be cut off` });
  }
  const feedTitle = cleanText(childText(root, 'title'));
  out.date = dateFromIso(childText(root, 'updated'));
  out.name = digestName(feedTitle, out.date);
  return out;
}

/** Atom text constructs: type="html" holds escaped HTML; text and xhtml arrive as text. */
function atomText(node: XmlNode | null): string {
  const s = textOf(node);
  return node?.attrs.type === 'html' ? htmlToText(s) : s;
}

function authorNames(e: XmlNode): string[] {
  return childrenNamed(e, 'author')
    .map((a) => cleanText(decodeTexAccents(childText(a, 'name'))))
    .filter((n) => n.length > 0);
}

function doiOf(e: XmlNode): string | null {
  for (const part of cleanText(childText(e, 'doi')).split(/[\s,;]+/)) {
    const d = part ? normalizeDoi(part) : null;
    if (d) return d;
  }
  for (const l of childrenNamed(e, 'link')) {
    if (l.attrs.title === 'doi' && l.attrs.href) {
      const d = normalizeDoi(l.attrs.href);
      if (d) return d;
    }
  }
  return null;
}

function arxivFromLinks(e: XmlNode) {
  for (const l of childrenNamed(e, 'link')) {
    const r = l.attrs.href ? arxivFromUrl(l.attrs.href) : null;
    if (r) return r;
  }
  return null;
}

function categoriesOf(e: XmlNode): string[] | null {
  const seen = new Set<string>();
  const primary = child(e, 'primary_category')?.attrs.term?.trim();
  if (primary && isArxivCategory(primary)) seen.add(primary);
  for (const c of childrenNamed(e, 'category')) {
    const t = c.attrs.term?.trim();
    // The API also lists ACM/MSC classes as categories ("E.1; E.4; I.2.6"); those are not arXiv's.
    if (t && isArxivCategory(t)) seen.add(t);
  }
  return seen.size ? [...seen] : null;
}

/** "ArXiv Query: search_query=au:del_maestro&id_list=&start=0&max_results=10" -> "arXiv API: au:del_maestro". */
function digestName(feedTitle: string, date: string | null): string {
  const m = /^arxiv query:\s*(.*)$/i.exec(feedTitle);
  let what = feedTitle;
  if (m) {
    const parts: string[] = [];
    for (const kv of m[1]!.split('&')) {
      const [k, v] = [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)];
      if (!v || kv.indexOf('=') < 0) continue;
      if (k === 'search_query') parts.push(v);
      else if (k === 'id_list') parts.push(`id_list=${v}`);
    }
    what = parts.length ? `arXiv API: ${parts.join(' ')}` : 'arXiv API';
  } else if (!what || /^arxiv search results$/i.test(what)) {
    what = 'arXiv API';
  }
  return date ? `${what} ${date}` : what;
}
