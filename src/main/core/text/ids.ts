/** arXiv ids: new style 2507.12950(v2) and old style hep-th/9901001(v1). */
const NEW_ID = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
const OLD_ID = /^([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;

export interface ArxivRef {
  id: string;
  version: number | null;
}

/** Parses a bare arXiv id, "arXiv:" prefixed or not; null when it is not one. */
export function parseArxivId(raw: string): ArxivRef | null {
  const s = raw.trim().replace(/^arxiv:\s*/i, '');
  const m = NEW_ID.exec(s) ?? OLD_ID.exec(s);
  if (!m) return null;
  return { id: m[1]!, version: m[2] ? Number(m[2]) : null };
}

/** Lower-cased DOI without resolver prefix, or null. */
export function normalizeDoi(raw: string): string | null {
  const s = raw.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
  return /^10\.\d{4,9}\/\S+$/.test(s) ? s.toLowerCase() : null;
}
