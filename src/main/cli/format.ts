import type { ImportPreview, ImportResult } from '../../shared/contract';
import type { ReadingState } from '../../shared/methods/reader';
import type { Paper, PaperRow } from '../../shared/model';

export function describeImport(p: ImportPreview | ImportResult, source: string, dryRun: boolean): string {
  const lines = [
    `${p.name} — ${p.formatLabel}, from ${source}`,
    `  ${p.found} found · ${p.new} new · ${p.existing} already in the library · ${p.unreadable.length} unreadable`,
  ];
  if (p.alreadyImported) {
    lines.push(`  This exact digest was imported before, as #${p.alreadyImported.digestId} “${p.alreadyImported.name}” on ${p.alreadyImported.importedAt.slice(0, 10)}; importing it again changes nothing.`);
  }
  if (p.date) lines.push(`  Digest date: ${p.date}${p.dateNote ? ` (${p.dateNote})` : ''}`);
  for (const u of p.unreadable) lines.push(`  unreadable, line ${u.line}: ${u.reason}${u.entry ? ` — "${u.entry}"` : ''}`);
  const existing = p.entries.filter((e) => e.state === 'existing');
  for (const e of existing.slice(0, 20)) lines.push(`  already in the library (#${e.paperId}, by ${e.matchedBy}): ${e.title}`);
  if (existing.length > 20) lines.push(`  … and ${existing.length - 20} more already in the library`);
  if (dryRun) lines.push('Dry run: nothing was written.');
  else if ('digestId' in p && p.alreadyImported) lines.push('Nothing changed.');
  else if ('digestId' in p) {
    lines.push(`Imported as digest #${p.digestId}: ${p.added} added, ${p.merged} already there (linked to this digest, their status kept).`);
  }
  return lines.join('\n');
}

const STATUS_MARK: Record<PaperRow['status'], string> = { unread: '·', reading: '◐', read: '✓' };

export function describeRows(rows: PaperRow[], total: number): string {
  const out = rows.map((r) => {
    const id = String(r.id).padStart(5);
    const ax = (r.arxivId ?? '').padEnd(12);
    const date = (r.published ?? '').padEnd(10);
    const line = `${id} ${STATUS_MARK[r.status]} ${r.status.padEnd(7)} ${ax} ${date} ${r.title}`;
    return r.textMatch ? `${line}\n${' '.repeat(16)}p. ${r.textMatch.page}: ${r.textMatch.snippet.replaceAll('\u0002', '«').replaceAll('\u0003', '»')}` : line;
  });
  out.push(`${total} paper${total === 1 ? '' : 's'}${rows.length < total ? `, ${rows.length} shown` : ''}`);
  return out.join('\n');
}

const RESOLVE_TEXT: Record<string, string> = {
  none: 'not looked up yet (lectern resolve)',
  queued: 'queued for lookup',
  review: 'unsure match: pick it with lectern resolve --review',
  unmatched: 'not found on arXiv',
  failed: 'lookup failed',
  matched: '',
  chosen: '',
  enriched: '',
};

function pdfText(p: Paper, text?: string): string {
  if (p.pdf === 'downloaded') return `downloaded (${p.pdfPath ?? '?'}${p.pdfBytes ? `, ${Math.round(p.pdfBytes / 1024)} KB` : ''}${text ? `, ${text}` : ''})`;
  if (p.pdf === 'failed') return `failed: ${p.pdfNote ?? 'no reason kept'}`;
  if (p.pdf === 'queued') return p.pdfProgress !== null ? `downloading, ${Math.floor(p.pdfProgress * 100)}%` : `queued${p.pdfNote ? ` (${p.pdfNote})` : ''}`;
  return 'none (lectern download to fetch it)';
}

export function describePaper(p: Paper, reading?: ReadingState): string {
  const authors = p.authors ? p.authors.join(', ') : p.authorCount !== null ? `${p.authorCount} authors` : 'unknown';
  const lines = [
    `#${p.id}  ${p.title}`,
    `  status:    ${p.status} (since ${p.statusChangedAt.slice(0, 10)})${p.readAt ? `, read ${p.readAt.slice(0, 10)}` : ''}`,
    `  authors:   ${authors}`,
    `  published: ${p.published ?? 'unknown'}    upvotes: ${p.upvotes}`,
    `  arXiv:     ${p.arxivId ? `${p.arxivId}${p.arxivVersion ? `v${p.arxivVersion}` : ''}` : RESOLVE_TEXT[p.resolveState ?? 'none']}    DOI: ${p.doi ?? '—'}`,
    `  PDF:       ${pdfText(p, reading?.file ? describeText(reading.text) : undefined)}`,
    `  digests:   ${p.digests.map((d) => `${d.name} (#${d.rank}${d.upvotes ? `, ${d.upvotes} upvotes` : ''})`).join('; ')}`,
  ];
  if (p.resolveNote) lines.push(`  lookup:    ${p.resolveNote}`);
  if (reading?.pageCount) lines.push(`  progress:  ${reading.progress}% (furthest page ${reading.furthestPage} of ${reading.pageCount}; left at page ${reading.position?.page})`);
  if (p.links.length) lines.push(`  links:     ${p.links.join('  ')}`);
  if (p.tags.length || p.starred) lines.push(`  tags:      ${p.tags.join(', ') || '—'}${p.starred ? '    ★ starred' : ''}`);
  if (p.note) lines.push('  note:', wrap(p.note.replace(/\n/g, ' '), 96, '    '));
  if (p.abstract) lines.push('', wrap(p.abstract, 96, '  '));
  return lines.join('\n');
}

function describeText(t: ReadingState['text']): string {
  if (t.state === 'done') return t.chars ? `text of ${t.pages} pages indexed` : 'no text layer (a scan without OCR?)';
  if (t.state === 'failed') return `text not indexed: ${t.error}`;
  return t.state === 'pending' ? 'text not indexed yet' : 'no text';
}

function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}
