import type { ExportContext, ExportPaper, ExportWriter } from './types';
import { arxivAbsUrl, oneLine } from './types';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Each character that means something to (La)TeX or to BibTeX's parsers, spelled so that it
// comes back as itself: `<` and `>` would print as ¡ ¿ in OT1, `--` as a dash, `''` and `` ` ``
// as curly quotes, `~` as a non-breaking space. Checked against the parser Better BibTeX uses.
const ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '`': '{`}',
  '|': '\\textbar{}',
  '"': '{"}',
};

/** A literal text value (title, abstract, a name) as BibTeX, on one line. */
function bibEscape(s: string): string {
  return oneLine(s)
    .replace(/[\\{}$%&#_^~<>`|"]/g, (c) => ESCAPES[c]!)
    .replace(/-(?=-)/g, '-{}')
    .replace(/'(?=')/g, "'{}");
}

/** URLs and DOIs are read verbatim by BibTeX tools; only unbalanced braces would break them. */
function verbatim(s: string): string {
  return oneLine(s).replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/**
 * Names in natural order ("Jörg van der Berg") split the way BibTeX splits them; a name BibTeX
 * would misread (one with a comma, an "and", braces, or starting in lower case) is braced whole.
 */
function bibName(name: string): string {
  const n = oneLine(name);
  const whole = n.includes(',') || /\band\b/i.test(n) || /^\p{Ll}/u.test(n) || /[{}]/.test(n);
  return whole ? `{${bibEscape(n)}}` : bibEscape(n);
}

function field(name: string, value: string): string {
  return `  ${name} = ${value},\n`;
}

function entry(p: ExportPaper): string {
  let out = `@misc{${p.citeKey},\n`;
  out += field('title', `{{${bibEscape(p.title)}}}`);
  if (p.authors?.length) out += field('author', `{${p.authors.map(bibName).join(' and ')}}`);
  const date = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(p.published ?? '');
  if (date) {
    out += field('year', `{${date[1]}}`);
    if (date[2]) out += field('month', MONTHS[Number(date[2]) - 1] ?? `{${date[2]}}`);
    out += field('date', `{${date[0]}}`);
  }
  if (p.arxivId) {
    out += field('eprint', `{${verbatim(p.arxivId)}}`);
    out += field('archiveprefix', '{arXiv}');
    out += field('eprinttype', '{arxiv}');
    if (p.categories?.[0]) out += field('primaryclass', `{${verbatim(p.categories[0])}}`);
  }
  if (p.doi) out += field('doi', `{${verbatim(p.doi)}}`);
  const url = p.arxivId ? arxivAbsUrl(p.arxivId) : p.links[0];
  if (url) out += field('url', `{${verbatim(url)}}`);
  if (p.categories?.length) out += field('keywords', `{${p.categories.map((c) => verbatim(c).replace(/,/g, ' ')).join(', ')}}`);
  if (p.abstract) out += field('abstract', `{${bibEscape(p.abstract)}}`);
  return `${out}}\n`;
}

export const writeBibtex: ExportWriter = (papers: Iterable<ExportPaper>, ctx: ExportContext) => {
  // A comment line outside any entry, which every BibTeX reader skips; without `@` or braces,
  // so a search text in it cannot open an entry.
  const parts = [`% Exported from Lectern ${ctx.appVersion} on ${ctx.now.toISOString().slice(0, 10)}: ${ctx.total} paper${ctx.total === 1 ? '' : 's'}, ${oneLine(ctx.scope).replace(/[@{}]/g, '')}.\n`];
  for (const p of papers) parts.push('\n', entry(p));
  return parts.join('');
};
