import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { schemaVersion } from '../db/migrate';
import { confinedPath } from '../files/confine';
import { checkPdfFile } from '../files/pdf-check';

/**
 * The PDF checks of `lectern doctor`, over the one record of a paper's PDF: the paper_file table
 * (migration 003; since 009 the only one). A library older than that records no files (it is
 * upgraded at the next start), and says so.
 */
const PAPER_FILE_SINCE = 3;

export interface PdfProblem {
  path: string;
  paperId: number | null;
  problem: string;
}

export interface PdfCheck {
  /** Null when the files were checked; else why not. */
  notChecked: string | null;
  listed: number;
  ok: number;
  problems: PdfProblem[];
  /** Library-relative paths paper_file lists (for the unreferenced-files check). */
  referenced: Set<string>;
  /** Papers whose state says downloaded but that paper_file does not list. */
  downloadedWithoutFile: number[];
}

export function checkPdfFiles(db: Database, dataDir: string): PdfCheck {
  const out: PdfCheck = { notChecked: null, listed: 0, ok: 0, problems: [], referenced: new Set(), downloadedWithoutFile: [] };
  const version = schemaVersion(db);
  if (version < PAPER_FILE_SINCE) {
    out.notChecked = `this library (schema ${version}) records no PDF files yet; it is upgraded at the next start`;
    return out;
  }
  const root = path.resolve(dataDir);
  const rows = db.prepare('SELECT paper_id AS paperId, rel_path AS rel, bytes FROM paper_file ORDER BY rel_path').iterate() as Iterable<{ paperId: number; rel: string; bytes: number }>;
  for (const r of rows) {
    out.listed++;
    let file: string;
    try {
      file = confinedPath(root, r.rel);
    } catch {
      out.problems.push({ path: r.rel, paperId: r.paperId, problem: 'it points outside the library folder' });
      continue;
    }
    out.referenced.add(path.relative(root, file));
    // What attach accepts (a small PDF) is not a problem here; a file cut off is.
    const problem = checkPdfFile(file, r.bytes).problems.find((p) => p.code !== 'TOO_SMALL');
    if (problem) out.problems.push({ path: r.rel, paperId: r.paperId, problem: problem.reason });
    else out.ok++;
  }
  out.downloadedWithoutFile = db
    .prepare("SELECT id FROM paper WHERE pdf_state = 'downloaded' AND id NOT IN (SELECT paper_id FROM paper_file) ORDER BY id LIMIT 1000")
    .pluck()
    .all() as number[];
  return out;
}
