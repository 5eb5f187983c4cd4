import { LecternError } from '../../../../shared/errors';
import type { DigestFormat, ParsedDigest, ParsedEntry, ParseContext } from '../../../../shared/parsed';
import { findLinks } from '../../text/links';
import { normalizeDoi, parseArxivId, type ArxivRef } from '../../text/ids';
import { cleanText } from '../../text/normalize';
import { decodeTexAccents, texName } from '../arxiv-tex';
import { arxivFromDoi, arxivFromUrl, isArxivCategory, splitAuthorList } from '../arxiv-refs';
import { child, childrenNamed, childText, clip, dateFromIso, dateFromRfc822, findAll, parseXmlFeed, recordQuote, type XmlNode } from '../xml';

/**
 * An OAI-PMH answer from arXiv (export.arxiv.org/oai2): ListRecords or GetRecord, with
 * metadataPrefix=arXiv (the rich one), arXivRaw (version history) or oai_dc (Dublin Core).
 */
export const oaiPmhFormat: DigestFormat = {
  id: 'oai-pmh',
  label: 'OAI-PMH (arXiv metadata harvest)',
  detect(text) {
    const head = text.slice(0, 8192);
    if (!/<(?:\w+:)?OAI-PMH[\s>]/.test(head)) return 0;
    return /arxiv/i.test(head) ? 1 : 0.7;
  },
  parse(text, ctx) {
    return parseOaiPmh(text, ctx);
  },
};

function parseOaiPmh(text: string, ctx: ParseContext): ParsedDigest {
  const where = ctx.fileName ?? 'input';
  const feed = parseXmlFeed(text, where, 'OAI-PMH response', 'record');
  const { root } = feed;
  const rootLine = feed.lineAt(root.start);
  if (root.name !== 'OAI-PMH') {
    throw new LecternError('UNREADABLE', `${where} line ${rootLine}: the XML root is <${root.name}>, not <OAI-PMH>. Nothing was imported.`, `${where}:${rootLine}`);
  }
  const out: ParsedDigest = { format: 'oai-pmh', entries: [], problems: [] };
  out.date = dateFromIso(childText(root, 'responseDate'));

  for (const err of childrenNamed(root, 'error')) {
    const code = err.attrs.code ?? 'error';
    if (code === 'noRecordsMatch') continue; // a valid, empty answer
    const line = feed.lineAt(err.start);
    const said = cleanText(err.text);
    throw new LecternError(
      'UNREADABLE',
      `${where} line ${line}: the OAI-PMH server answered with an error instead of records: ${code}${said ? ` ("${clip(said, 200)}")` : ''}. Nothing was imported.`,
      `${where}:${line}`,
    );
  }
  if (feed.recordCount === 0 && !findAll(root, 'ListRecords').length && !findAll(root, 'GetRecord').length && !childrenNamed(root, 'error').length) {
    const verb = child(root, 'request')?.attrs.verb;
    throw new LecternError(
      'UNREADABLE',
      `${where}: this OAI-PMH answer${verb ? ` (verb ${verb})` : ''} holds no records; only ListRecords and GetRecord answers list papers. Nothing was imported.`,
      where,
    );
  }

  const unsupported = new Set<string>();
  let set = child(root, 'request')?.attrs.set ?? '';
  let cut = false;
  for (const rec of feed.records()) {
    const { line } = rec;
    if (!rec.node || !rec.complete) {
      cut ||= !rec.complete;
      out.problems.push({ line, entry: recordQuote(rec), reason: rec.complete ? `this record cannot be read: ${rec.error}` : 'the file ends inside this record (it looks cut off)' });
      continue;
    }
    const header = child(rec.node, 'header');
    const oaiId = cleanText(childText(header, 'identifier'));
    set ||= cleanText(childText(header, 'setSpec'));
    if (header?.attrs.status === 'deleted') {
      out.problems.push({ line, entry: oaiId, reason: 'the record is marked deleted in the repository' });
      continue;
    }
    const meta = child(rec.node, 'metadata')?.children[0] ?? null;
    if (!meta) {
      out.problems.push({ line, entry: clip(oaiId || '<record>'), reason: 'the record has no <metadata>' });
      continue;
    }
    const entry = meta.name === 'arXiv' ? fromArxiv(meta, line) : meta.name === 'arXivRaw' ? fromArxivRaw(meta, line) : meta.name === 'dc' ? fromDublinCore(meta, line) : null;
    if (!entry) {
      unsupported.add(meta.name);
      out.problems.push({ line, entry: clip(oaiId), reason: `metadata format <${meta.name}> is not one Lectern reads (use metadataPrefix=arXiv)` });
      continue;
    }
    if (!entry.arxivId) {
      const ref = arxivFromUrl(oaiId);
      if (ref) [entry.arxivId, entry.arxivVersion] = [ref.id, entry.arxivVersion ?? ref.version];
    }
    if (!entry.title) {
      out.problems.push({ line, entry: clip(oaiId), reason: 'the record has no title' });
      continue;
    }
    out.entries.push(entry);
  }

  if (out.entries.length === 0 && unsupported.size > 0) {
    throw new LecternError(
      'UNREADABLE',
      `${where}: the records use metadata format ${[...unsupported].map((u) => `<${u}>`).join(', ')}, which Lectern does not read; harvest with metadataPrefix=arXiv. Nothing was imported.`,
      where,
    );
  }
  if (!feed.rootClosed && !cut) out.problems.push({ line: feed.lineAt(text.length), reason: 'the file ends before </OAI-PMH>; it may be cut off' });

  out.name = digestName(root, set, feed.recordCount, out.date);
  return out;
}

function refOf(raw: string): ArxivRef | null {
  return parseArxivId(cleanText(raw)) ?? arxivFromUrl(raw);
}

function doiOf(raw: string): string | null {
  // arXiv puts several DOIs in one field, separated by spaces.
  for (const part of raw.split(/[\s,;]+/)) {
    const d = part ? normalizeDoi(part) : null;
    if (d) return d;
  }
  return null;
}

function categories(raw: string): string[] | null {
  const c = cleanText(raw).split(' ').filter(isArxivCategory);
  return c.length ? [...new Set(c)] : null;
}

function texClean(s: string): string {
  return cleanText(decodeTexAccents(s));
}

/** metadataPrefix=arXiv: keyname/forenames/suffix authors, created = first version's date. */
function fromArxiv(m: XmlNode, line: number): ParsedEntry {
  const ref = refOf(childText(m, 'id'));
  const doi = doiOf(childText(m, 'doi'));
  const authors = childrenNamed(child(m, 'authors'), 'author')
    // A keyname sometimes keeps the comma of "Forney, Jr."; the parts are joined in display order.
    .map((a) => cleanText(texName(['forenames', 'keyname', 'suffix'].map((k) => childText(a, k).trim().replace(/,$/, '')).filter(Boolean).join(' '))))
    .filter((n) => n.length > 0);
  const abstract = texClean(childText(m, 'abstract')) || null;
  const arxiv = ref ?? (doi ? arxivFromDoi(doi) : null);
  return {
    line,
    title: texClean(childText(m, 'title')),
    abstract,
    authors: authors.length ? authors : null,
    published: dateFromIso(childText(m, 'created')),
    arxivId: arxiv?.id ?? null,
    arxivVersion: arxiv?.version ?? null,
    doi,
    links: findLinks(`${abstract ?? ''} ${cleanText(childText(m, 'comments'))}`),
    categories: categories(childText(m, 'categories')),
  };
}

/** metadataPrefix=arXivRaw: one author string, and a <version> per revision with its date. */
function fromArxivRaw(m: XmlNode, line: number): ParsedEntry {
  const ref = refOf(childText(m, 'id'));
  const doi = doiOf(childText(m, 'doi'));
  const versions = childrenNamed(m, 'version');
  const numbers = versions.map((v) => Number(/^v(\d+)$/.exec(v.attrs.version ?? '')?.[1])).filter((n) => Number.isInteger(n) && n > 0);
  const first = versions.find((v) => v.attrs.version === 'v1') ?? versions[0];
  const authors = splitAuthorList(texName(cleanText(childText(m, 'authors')))).map(cleanText);
  const abstract = texClean(childText(m, 'abstract')) || null;
  const arxiv = ref ?? (doi ? arxivFromDoi(doi) : null);
  return {
    line,
    title: texClean(childText(m, 'title')),
    abstract,
    authors: authors.length ? authors : null,
    published: first ? dateFromRfc822(childText(first, 'date')) : null,
    arxivId: arxiv?.id ?? null,
    arxivVersion: numbers.length ? Math.max(...numbers) : (arxiv?.version ?? null),
    doi,
    links: findLinks(`${abstract ?? ''} ${cleanText(childText(m, 'comments'))}`),
    categories: categories(childText(m, 'categories')),
  };
}

/** metadataPrefix=oai_dc: creators are "Family, Given"; identifiers carry the abs URL and DOI. */
function fromDublinCore(m: XmlNode, line: number): ParsedEntry {
  let arxiv: ArxivRef | null = null;
  let doi: string | null = null;
  for (const idNode of childrenNamed(m, 'identifier')) {
    const v = cleanText(idNode.text);
    arxiv ??= arxivFromUrl(v);
    doi ??= /doi/i.test(v) ? normalizeDoi(v.replace(/^doi:\s*/i, '')) : null;
  }
  arxiv ??= doi ? arxivFromDoi(doi) : null;
  const authors = childrenNamed(m, 'creator')
    .map((c) => {
      const n = cleanText(texName(c.text));
      const comma = n.indexOf(',');
      return comma > 0 ? cleanText(`${n.slice(comma + 1)} ${n.slice(0, comma)}`) : n;
    })
    .filter((n) => n.length > 0);
  const abstract = texClean(childText(m, 'description')) || null;
  const dates = childrenNamed(m, 'date').map((d) => dateFromIso(d.text)).filter((d): d is string => !!d).sort();
  return {
    line,
    title: texClean(childText(m, 'title')),
    abstract,
    authors: authors.length ? authors : null,
    published: dates[0] ?? null,
    arxivId: arxiv?.id ?? null,
    arxivVersion: arxiv?.version ?? null,
    doi,
    links: findLinks(abstract ?? ''),
    categories: null,
  };
}

/** "arXiv OAI-PMH cs 2016-03-09 (records 102001–102538 of 102538)" */
function digestName(root: XmlNode, set: string, records: number, date: string | null): string {
  let name = `arXiv OAI-PMH${set ? ` ${set}` : ''}${date ? ` ${date}` : ''}`;
  const token = findAll(root, 'resumptionToken')[0];
  const cursor = Number(token?.attrs.cursor);
  const size = Number(token?.attrs.completeListSize);
  if (token && Number.isInteger(cursor) && Number.isInteger(size) && records > 0 && cursor + records <= size) {
    name += ` (records ${cursor + 1}–${cursor + records} of ${size})`;
  }
  return name;
}
