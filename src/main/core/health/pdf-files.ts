import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';

/**
 * The PDF checks of `lectern doctor`. PDFs and the columns that record them arrive with the
 * download work, which lives on its own branch; so this looks for them by shape: a table like
 * `paper_file` (a relative path per file, optionally its size and paper), or path columns on
 * `paper` itself (`pdf_path`, optionally `pdf_size`), and checks the files they list. Without
 * either it says so and checks nothing.
 */
export interface PdfTable {
  table: string;
  pathColumn: string;
  sizeColumn: string | null;
  paperColumn: string | null;
}

const TABLES = ['paper_file', 'paper_files', 'paper_pdf', 'pdf_file', 'pdf_files', 'pdf', 'file'];
const PATH_COLUMNS = ['path', 'rel_path', 'relative_path', 'file_path', 'file', 'filename', 'file_name'];
const SIZE_COLUMNS = ['size', 'bytes', 'byte_size', 'file_size', 'length', 'size_bytes'];
const PAPER_PATH_COLUMNS = ['pdf_path', 'pdf_file', 'pdf_rel_path', 'pdf_relative_path', 'pdf_filename', 'pdf_file_path'];
const PAPER_SIZE_COLUMNS = ['pdf_size', 'pdf_bytes', 'pdf_byte_size', 'pdf_length'];

export function findPdfTable(db: Database): PdfTable | null {
  const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  const columns = (table: string) => (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name.toLowerCase());
  for (const table of TABLES) {
    if (!tables.has(table)) continue;
    const cols = columns(table);
    const pathColumn = PATH_COLUMNS.find((c) => cols.includes(c));
    if (!pathColumn) continue;
    return { table, pathColumn, sizeColumn: SIZE_COLUMNS.find((c) => cols.includes(c)) ?? null, paperColumn: cols.includes('paper_id') ? 'paper_id' : null };
  }
  const cols = columns('paper');
  const pathColumn = PAPER_PATH_COLUMNS.find((c) => cols.includes(c));
  if (pathColumn) return { table: 'paper', pathColumn, sizeColumn: PAPER_SIZE_COLUMNS.find((c) => cols.includes(c)) ?? null, paperColumn: 'id' };
  return null;
}

export interface PdfProblem {
  path: string;
  paperId: number | null;
  problem: string;
}

export interface PdfCheck {
  table: PdfTable | null;
  listed: number;
  ok: number;
  problems: PdfProblem[];
  /** Library-relative paths the table lists (for the unreferenced-files check). */
  referenced: Set<string>;
  /** Papers whose state says downloaded but that no row of the table lists. */
  downloadedWithoutFile: number[];
}

/** Is this really a PDF: the header near the start, the end-of-file marker near the end, the size as recorded. */
export function pdfProblem(file: string, expectedSize: number | null): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'listed but missing' : `cannot be read (${(e as Error).message})`;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (expectedSize !== null && size !== expectedSize) return `${size} bytes on disk, ${expectedSize} recorded (cut off or replaced)`;
    if (size < 64) return `only ${size} bytes: not a PDF`;
    const head = Buffer.alloc(1024);
    fs.readSync(fd, head, 0, 1024, 0);
    if (!head.includes('%PDF-')) return 'does not start like a PDF (no %PDF- header): an error page or another kind of file';
    const tailLen = Math.min(size, 2048);
    const tail = Buffer.alloc(tailLen);
    fs.readSync(fd, tail, 0, tailLen, size - tailLen);
    if (!tail.includes('%%EOF')) return 'has no %%EOF near its end: the download was cut off';
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

export function checkPdfFiles(db: Database, dataDir: string): PdfCheck {
  const table = findPdfTable(db);
  const out: PdfCheck = { table, listed: 0, ok: 0, problems: [], referenced: new Set(), downloadedWithoutFile: [] };
  if (!table) return out;
  const root = path.resolve(dataDir);
  const cols = [`"${table.pathColumn}" AS p`, table.sizeColumn ? `"${table.sizeColumn}" AS s` : 'NULL AS s', table.paperColumn ? `"${table.paperColumn}" AS paper` : 'NULL AS paper'];
  for (const r of db.prepare(`SELECT ${cols.join(', ')} FROM "${table.table}"`).iterate() as Iterable<{ p: unknown; s: unknown; paper: unknown }>) {
    if (typeof r.p !== 'string' || r.p === '') continue;
    out.listed++;
    const abs = path.resolve(root, r.p);
    const paperId = typeof r.paper === 'number' ? r.paper : null;
    if (abs !== root && !abs.startsWith(root + path.sep)) {
      out.problems.push({ path: r.p, paperId, problem: 'points outside the library folder' });
      continue;
    }
    out.referenced.add(path.relative(root, abs));
    const problem = pdfProblem(abs, typeof r.s === 'number' ? r.s : null);
    if (problem) out.problems.push({ path: r.p, paperId, problem });
    else out.ok++;
  }
  if (table.table === 'paper') {
    out.downloadedWithoutFile = db
      .prepare(`SELECT id FROM paper WHERE pdf_state = 'downloaded' AND coalesce("${table.pathColumn}", '') = '' ORDER BY id LIMIT 1000`)
      .pluck()
      .all() as number[];
  } else if (table.paperColumn) {
    out.downloadedWithoutFile = db
      .prepare(`SELECT id FROM paper WHERE pdf_state = 'downloaded' AND id NOT IN (SELECT "${table.paperColumn}" FROM "${table.table}" WHERE "${table.paperColumn}" IS NOT NULL) ORDER BY id LIMIT 1000`)
      .pluck()
      .all() as number[];
  }
  return out;
}
