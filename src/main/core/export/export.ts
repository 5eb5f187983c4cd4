import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { EXPORT_FORMATS, type ExportFormatId, type exportInputSchema } from '../../../shared/methods/export';
import { LecternError } from '../../../shared/errors';
import { orderBy, whereSql as whereOf } from '../library/query-plan';
import { buildFilter } from '../library/window';
import { digestsOf, paperFromRow, tagsOf } from '../library/papers';
import { writeBibtex } from './bibtex';
import { ensureCiteKeys } from './cite-keys';
import { writeCslJson } from './csl-json';
import { writeCsv } from './csv';
import { writeMarkdown } from './markdown';
import { asciiFold } from './names';
import { writeRis } from './ris';
import type { ExportPaper, ExportWriter } from './types';
import type { LibraryQuery } from '../../../shared/query';

type ExportInput = z.output<typeof exportInputSchema>;

const WRITERS: Record<ExportFormatId, ExportWriter> = {
  bibtex: writeBibtex,
  ris: writeRis,
  'csl-json': writeCslJson,
  csv: writeCsv,
  markdown: writeMarkdown,
};

interface ExportOutcome {
  format: ExportFormatId;
  fileName: string;
  mimeType: string;
  count: number;
  text: string;
}

/**
 * Writes the papers a filter selects, in the table's order. The filter is the table's own SQL
 * (buildFilter/orderBy), so an export holds exactly what the user saw. Keys are pinned first
 * (a short write), then the file is written from one read snapshot; a paper added in between
 * (by another process) sends us round again.
 */
export function exportPapers(db: Database, input: ExportInput, env: { now: Date; appVersion: string }): ExportOutcome {
  const filter = buildFilter(db, input, env.now);
  const whereSql = whereOf(filter);
  const params = filter.params;
  const order = orderBy(input.sort, input.desc);
  const selectIds = db.prepare(`SELECT p.id FROM paper p ${whereSql}`).pluck();
  const unkeyed = db.prepare(`SELECT count(*) FROM paper p ${whereSql}${whereSql ? ' AND' : ' WHERE'} p.cite_key IS NULL`).pluck();
  const count = db.prepare(`SELECT count(*) FROM paper p ${whereSql}`).pluck();
  const rows = db.prepare(`SELECT p.* FROM paper p ${whereSql} ORDER BY ${order}`);
  const format = EXPORT_FORMATS.find((f) => f.id === input.format)!;
  const scope = describeScope(db, input);
  const write = db.transaction(() => {
    if ((unkeyed.get(params) as number) > 0) return null;
    const digests = digestsOf(db);
    const tags = tagsOf(db);
    const papers = function* (): Generator<ExportPaper> {
      for (const r of rows.iterate(params) as Iterable<Record<string, unknown>>) {
        yield { ...paperFromRow(r, digests(r.id as number), tags(r.id as number)), citeKey: r.cite_key as string };
      }
    };
    const total = count.get(params) as number;
    const text = WRITERS[input.format](papers(), { now: env.now, scope, total, appVersion: env.appVersion });
    return { count: total, text };
  });
  for (let attempt = 0; attempt < 5; attempt++) {
    if ((unkeyed.get(params) as number) > 0) ensureCiteKeys(db, selectIds.all(params) as number[]);
    const done = write();
    if (done) return { format: format.id, fileName: fileName(db, input, format.extension, env.now), mimeType: format.mimeType, ...done };
  }
  throw new LecternError('LIBRARY_BUSY', 'Papers kept arriving while exporting; try the export again in a moment.');
}

/** The filter in words, for the file's header and the CLI's summary. */
function describeScope(db: Database, input: Partial<LibraryQuery>): string {
  const parts: string[] = [];
  const statuses = input.statuses ?? [];
  if (statuses.length) parts.push(`${statuses.join(' or ')} papers`);
  const digests = input.digestIds ?? [];
  if (digests.length) parts.push(`from the digest${digests.length > 1 ? 's' : ''} ${digests.map((id) => `“${digestName(db, id)}”`).join(', ')}`);
  if (input.search?.trim()) parts.push(`matching “${input.search.trim()}”`);
  if (input.tagIds?.length) {
    const names = db.prepare('SELECT name FROM tag WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name').pluck().all(JSON.stringify(input.tagIds)) as string[];
    parts.push(`tagged ${names.map((n) => `“${n}”`).join(' or ')}`);
  }
  if (input.untagged) parts.push('untagged');
  if (input.starred) parts.push('starred');
  if (input.hasNote) parts.push('with a note');
  const pdf = input.pdfStates ?? [];
  if (pdf.length) parts.push(`with PDF ${pdf.join(' or ')}`);
  const named = new Set(['statuses', 'digestIds', 'search', 'sort', 'desc', 'format', 'tagIds', 'untagged', 'starred', 'hasNote', 'pdfStates']);
  const others = Object.entries(input).filter(([k, v]) => !named.has(k) && v != null && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0)).length;
  if (others) parts.push(`with ${others} more filter${others === 1 ? '' : 's'}`);
  if (parts.length === 0) return 'the whole library';
  if (!statuses.length) parts.unshift('papers');
  return parts.join(' ');
}

function digestName(db: Database, id: number): string {
  const name = db.prepare('SELECT name FROM digest WHERE id = ?').pluck().get(id) as string | undefined;
  if (name === undefined) throw new LecternError('NOT_FOUND', `There is no digest #${id} in this library.`, `digest ${id}`);
  return name;
}

function slug(s: string): string {
  return asciiFold(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

/** lectern-unread-2026-11-25.bib, lectern-daily-papers-2026-01-08.ris, lectern-library-….csv */
function fileName(db: Database, input: ExportInput, extension: string, now: Date): string {
  const one = <T>(list: T[] | null | undefined) => (list?.length === 1 ? list[0]! : null);
  const digest = one(input.digestIds);
  const parts = [one(input.statuses), digest != null ? slug(digestName(db, digest)) : null, input.search?.trim() ? slug(input.search) : null].filter(Boolean);
  return `lectern-${parts.join('-') || 'library'}-${now.toISOString().slice(0, 10)}.${extension}`;
}
