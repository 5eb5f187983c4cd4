import type { Status } from '../../../shared/model';
import type { ExportPaper, ExportWriter } from './types';
import { arxivAbsUrl, doiUrl, oneLine } from './types';

/**
 * Text from digests is escaped so a Markdown viewer shows it as written: no emphasis, no
 * links, and no raw HTML (`<script>` stays text): a backslash before each mark that has a
 * meaning inside a line, `$` included (GitHub renders $…$ as math; every item starts with "- [ ] **", so line-start marks cannot trigger).
 */
function mdEscape(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>|~&$]/g, (c) => `\\${c}`);
}

/** A link destination that cannot end early or carry markup. */
function mdUrl(url: string): string {
  return url.replace(/[()<>\s\\"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function authorsOf(p: ExportPaper): string {
  if (p.authors?.length) return p.authors.length > 5 ? `${p.authors.slice(0, 5).join(', ')} et al.` : p.authors.join(', ');
  return p.authorCount ? `${p.authorCount} author${p.authorCount === 1 ? '' : 's'}` : '';
}

function item(p: ExportPaper): string {
  const facts: string[] = [];
  const authors = authorsOf(p);
  if (authors) facts.push(mdEscape(authors));
  if (p.published) facts.push(p.published);
  if (p.arxivId) facts.push(`[arXiv:${mdEscape(p.arxivId)}](${mdUrl(arxivAbsUrl(p.arxivId))})`);
  if (p.doi) facts.push(`[doi:${mdEscape(p.doi)}](${mdUrl(doiUrl(p.doi))})`);
  if (p.status === 'read' && p.readAt) facts.push(`read ${p.readAt.slice(0, 10)}`);
  const box = p.status === 'read' ? '[x]' : '[ ]';
  return `- ${box} **${mdEscape(p.title)}**${facts.length ? ` — ${facts.join(' · ')}` : ''}\n`;
}

const SECTIONS: { status: Status; heading: string }[] = [
  { status: 'reading', heading: 'Reading' },
  { status: 'unread', heading: 'To read' },
  { status: 'read', heading: 'Read' },
];

/** A reading list: what is being read first, then what is left, then what is done. */
export const writeMarkdown: ExportWriter = (papers, ctx) => {
  const by: Record<Status, string[]> = { reading: [], unread: [], read: [] };
  for (const p of papers) by[p.status].push(item(p));
  const out = [
    '# Reading list\n\n',
    `${ctx.total} paper${ctx.total === 1 ? '' : 's'}: ${mdEscape(ctx.scope)}. Exported from Lectern on ${ctx.now.toISOString().slice(0, 10)}.\n`,
  ];
  for (const s of SECTIONS) {
    if (by[s.status].length === 0) continue;
    out.push(`\n## ${s.heading} (${by[s.status].length})\n\n`, ...by[s.status]);
  }
  return out.join('');
};
