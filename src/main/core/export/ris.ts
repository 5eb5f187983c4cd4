import type { ExportPaper, ExportWriter } from './types';
import { arxivAbsUrl, oneLine } from './types';
import { splitName } from './names';

/** "Family, Given", as RIS readers expect; a name that cannot be split goes as it is. */
function risName(name: string): string {
  const n = splitName(name);
  return n.literal || !n.given ? n.family : `${n.family}, ${n.given}`;
}

function line(tag: string, value: string): string {
  return `${tag}  - ${oneLine(value)}\r\n`;
}

function entry(p: ExportPaper): string {
  let out = line('TY', p.arxivId ? 'UNPB' : 'GEN');
  out += line('ID', p.citeKey);
  out += line('TI', p.title);
  for (const a of p.authors ?? []) out += line('AU', risName(a));
  const date = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(p.published ?? '');
  if (date) {
    out += line('PY', date[1]!);
    out += line('DA', `${date[1]}/${date[2] ?? ''}/${date[3] ?? ''}/`);
  }
  if (p.abstract) out += line('AB', p.abstract);
  if (p.doi) out += line('DO', p.doi);
  const urls = [...new Set([...(p.arxivId ? [arxivAbsUrl(p.arxivId)] : []), ...p.links])];
  for (const u of urls) out += line('UR', u);
  if (p.arxivId) out += line('AN', `arXiv:${p.arxivId}`);
  for (const c of p.categories ?? []) out += line('KW', c);
  return `${out}ER  - \r\n`;
}

/** RIS as Zotero writes it: CRLF line ends, a blank line between records, one value per line. */
export const writeRis: ExportWriter = (papers) => {
  const parts: string[] = [];
  for (const p of papers) parts.push(entry(p), '\r\n');
  return parts.join('');
};
