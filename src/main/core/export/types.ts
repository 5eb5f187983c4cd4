import type { Paper } from '../../../shared/model';

/** A paper as the writers see it: everything `show` has, plus its pinned citation key. */
export type ExportPaper = Paper & { citeKey: string };

export interface ExportContext {
  now: Date;
  /** What was exported, in words ("the whole library", "unread papers matching “rl”"). */
  scope: string;
  total: number;
  appVersion: string;
}

/** A writer turns papers, streamed in the table's order, into the text of one file. */
export type ExportWriter = (papers: Iterable<ExportPaper>, ctx: ExportContext) => string;

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

export function doiUrl(doi: string): string {
  return `https://doi.org/${doi.split('/').map(encodeURIComponent).join('/')}`;
}

/** Text on one line: the line-based formats (RIS, CSV rows are quoted) cannot carry breaks. */
export function oneLine(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}
