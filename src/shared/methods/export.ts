import { z } from 'zod';
import { listInputSchema } from './library';

export const EXPORT_FORMATS = [
  { id: 'bibtex', label: 'BibTeX', extension: 'bib', mimeType: 'application/x-bibtex; charset=utf-8' },
  { id: 'ris', label: 'RIS', extension: 'ris', mimeType: 'application/x-research-info-systems; charset=utf-8' },
  { id: 'csl-json', label: 'CSL-JSON', extension: 'json', mimeType: 'application/vnd.citationstyles.csl+json; charset=utf-8' },
  { id: 'csv', label: 'CSV (spreadsheet)', extension: 'csv', mimeType: 'text/csv; charset=utf-8' },
  { id: 'markdown', label: 'Markdown reading list', extension: 'md', mimeType: 'text/markdown; charset=utf-8' },
] as const;
export type ExportFormatId = (typeof EXPORT_FORMATS)[number]['id'];
const exportFormatSchema = z.enum(EXPORT_FORMATS.map((f) => f.id) as [ExportFormatId, ...ExportFormatId[]]);

/** The table's filters and order (whatever listPapers takes, without the window), plus a format. */
export const exportInputSchema = listInputSchema.omit({ offset: true, limit: true }).extend({ format: exportFormatSchema });

export const exportMethods = {
  /**
   * The papers a filter selects (all of them when no filter is given), in the table's order, as
   * the text of one file. Papers get a citation key on their first export, pinned from then on.
   */
  exportPapers: {
    input: exportInputSchema,
    output: z.object({ format: exportFormatSchema, fileName: z.string(), mimeType: z.string(), count: z.number().int(), text: z.string() }),
  },
} as const;
