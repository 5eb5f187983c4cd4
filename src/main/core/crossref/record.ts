import { cslDate } from '../import/formats/csl-json';
import { isObject, str, type Json, type JsonObject } from '../import/json-source';
import { decodeEntities, htmlToText } from '../text/html';
import { normalizeDoi, parseArxivId } from '../text/ids';
import { cleanText } from '../text/normalize';

/** A retraction notice that Crossref links to a work (its `updated-by` of type retraction). */
export interface Retraction {
  /** The notice's DOI, when it has one. */
  doi: string | null;
  /** Where to read it: https://doi.org/<doi>. */
  url: string | null;
  /** YYYY-MM-DD, when Crossref dates it. */
  date: string | null;
  /** Crossref's label ("Retraction"). */
  label: string;
}

/** Another identifier of the same work, from Crossref's `relation`. */
export interface RelatedId {
  kind: 'doi' | 'arxiv';
  value: string;
}

/** What Lectern takes from one Crossref work record. */
export interface CrossrefWork {
  doi: string;
  title: string;
  authors: string[];
  /** The journal, proceedings or book it appeared in; for a preprint, its server (bioRxiv). */
  container: string | null;
  /** YYYY-MM-DD: published (print or online, the earlier), else issued, else posted. */
  published: string | null;
  abstract: string | null;
  /** Crossref's type: journal-article, proceedings-article, posted-content, book-chapter, … */
  type: string | null;
  /** A preprint (posted-content of subtype preprint). */
  preprint: boolean;
  /** For a preprint, the server that holds it (bioRxiv, medRxiv, ESSOAr, …). */
  server: string | null;
  retraction: Retraction | null;
  /** The published versions of this preprint (relation is-preprint-of). */
  preprintOf: RelatedId[];
  /** The preprints of this work (relation has-preprint). */
  preprints: RelatedId[];
  /** The landing page Crossref gives (resource.primary.URL). */
  landingUrl: string | null;
  /** Links Crossref lists as PDFs (content-type application/pdf). */
  pdfUrls: string[];
}

/** The `message` of a Crossref answer, envelope or not. */
export function workMessage(json: Json): JsonObject | null {
  if (!isObject(json)) return null;
  if (isObject(json.message)) return json.message;
  return typeof json.DOI === 'string' ? json : null;
}

/** Crossref's text fields are arrays; titles carry JATS and raw newlines with indentation. */
function firstText(v: Json | undefined): string | null {
  const arr = Array.isArray(v) ? v : [v];
  for (const x of arr) {
    const s = str(x);
    if (s) {
      const t = markupToText(s);
      if (t) return t;
    }
  }
  return null;
}

/** JATS/HTML markup and character references to plain text, by the text module's one HTML reader. */
export function markupToText(s: string): string {
  return cleanText(s.includes('<') ? htmlToText(s, { markdown: false }) : decodeEntities(s));
}

function crossrefAuthors(v: Json | undefined): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const a of v) {
    if (!isObject(a)) continue;
    const name = str(a.name) ?? [str(a.given), str(a.family), str(a.suffix)].filter(Boolean).join(' ');
    const clean = cleanText(decodeEntities(name));
    if (clean) out.push(clean);
  }
  return out;
}

function earliest(...dates: (string | null)[]): string | null {
  const ds = dates.filter((d): d is string => !!d).sort();
  return ds[0] ?? null;
}

function related(rel: Json | undefined): RelatedId[] {
  if (!Array.isArray(rel)) return [];
  const out: RelatedId[] = [];
  for (const r of rel) {
    if (!isObject(r)) continue;
    const id = str(r.id);
    if (!id) continue;
    const type = (str(r['id-type']) ?? 'doi').toLowerCase();
    const arxiv = type === 'arxiv' ? parseArxivId(id) : null;
    const doi = type === 'doi' ? normalizeDoi(id) : null;
    // arXiv's own DOIs (10.48550/arXiv.<id>) name an arXiv paper.
    const viaDoi = doi ? /^10\.48550\/arxiv\.(.+)$/i.exec(doi) : null;
    const ax = arxiv ?? (viaDoi ? parseArxivId(viaDoi[1]!) : null);
    if (ax) out.push({ kind: 'arxiv', value: ax.id });
    else if (doi) out.push({ kind: 'doi', value: doi });
  }
  return out;
}

function retractionOf(m: JsonObject): Retraction | null {
  for (const u of Array.isArray(m['updated-by']) ? m['updated-by'] : []) {
    if (!isObject(u)) continue;
    const type = (str(u.type) ?? '').toLowerCase();
    if (type !== 'retraction' && type !== 'removal' && type !== 'withdrawal') continue;
    const doi = normalizeDoi(str(u.DOI) ?? '');
    return { doi, url: doi ? `https://doi.org/${doi}` : null, date: cslDate(u.updated), label: str(u.label) ?? 'Retraction' };
  }
  return null;
}

/** Maps a Crossref work (the JSON of /works/<doi>, or one item of a search) to what Lectern keeps; null when it is not one. */
export function parseCrossrefWork(json: Json): CrossrefWork | null {
  const m = workMessage(json);
  const doi = m ? normalizeDoi(str(m.DOI) ?? '') : null;
  if (!m || !doi) return null;
  const type = str(m.type);
  const preprint = type === 'posted-content' && (str(m.subtype) ?? 'preprint') === 'preprint';
  const institution = Array.isArray(m.institution) && isObject(m.institution[0]) ? str(m.institution[0].name) : null;
  const abstract = str(m.abstract);
  const relation = isObject(m.relation) ? m.relation : {};
  const links = Array.isArray(m.link) ? m.link.filter(isObject) : [];
  return {
    doi,
    title: firstText(m.title) ?? '',
    authors: crossrefAuthors(m.author),
    container: firstText(m['container-title']) ?? (preprint ? institution : null),
    published: earliest(cslDate(m['published-print']), cslDate(m['published-online'])) ?? cslDate(m.published) ?? cslDate(m.issued) ?? cslDate(m.posted),
    abstract: abstract ? markupToText(abstract.replace(/<((?:jats:)?title)>\s*(?:abstract|summary)\s*:?\s*<\/\1>/gi, ' ')) || null : null,
    type,
    preprint,
    server: preprint ? institution : null,
    retraction: retractionOf(m),
    preprintOf: related(relation['is-preprint-of']),
    preprints: related(relation['has-preprint']),
    landingUrl: isObject(m.resource) && isObject(m.resource.primary) ? str(m.resource.primary.URL) : null,
    pdfUrls: links.filter((l) => /pdf/i.test(str(l['content-type']) ?? '')).map((l) => str(l.URL)).filter((u): u is string => !!u && /^https?:\/\//i.test(u)),
  };
}

/** The items of a Crossref search (`message.items`). */
export function parseCrossrefList(json: Json): CrossrefWork[] {
  const m = isObject(json) && isObject(json.message) ? json.message : null;
  const items = m && Array.isArray(m.items) ? m.items : [];
  return items.map((it) => parseCrossrefWork(it)).filter((w): w is CrossrefWork => w !== null);
}
