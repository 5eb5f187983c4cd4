import { parseArxivId, type ArxivRef } from '../text/ids';

/**
 * arXiv ids where feeds put them: abs/pdf URLs (http or https, with or without version),
 * OAI identifiers (oai:arXiv.org:math/0611918), Hugging Face paper pages, and arXiv DOIs.
 */
const URL_ID = /(?:arxiv\.org\/(?:abs|pdf|html)\/|oai:arxiv\.org:|huggingface\.co\/papers\/)(?:arxiv:)?([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(v\d+)?/i;

export function arxivFromUrl(s: string): ArxivRef | null {
  const m = URL_ID.exec(s);
  return m ? parseArxivId(`${m[1]}${m[2] ?? ''}`) : null;
}

/** 10.48550/arXiv.2507.12950 is arXiv's own DOI for 2507.12950. */
export function arxivFromDoi(doi: string): ArxivRef | null {
  const m = /^10\.48550\/arxiv\.(.+)$/i.exec(doi.trim());
  return m ? parseArxivId(m[1]!) : null;
}

/** cs.AI, math.GR, astro-ph, hep-th, cond-mat.str-el, q-bio.NC; not ACM or MSC classes. */
export function isArxivCategory(s: string): boolean {
  return /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/.test(s);
}

/** "A, B, and C" / "A, B and C" -> names; empty parts dropped. */
export function splitAuthorList(s: string): string[] {
  return s
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}
