import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../../../shared/errors';
import { PDF_DIR } from '../files/confine';
import { checkPdfFile, looksLikeHtml, pdfStartProblem } from '../files/pdf-check';
import { parseArxivId } from '../text/ids';

export const PART_SUFFIX = '.part';

/**
 * hep-th/9901001 -> hep-th_9901001.pdf, 2507.12950v2 -> 2507.12950.pdf. Only a real arXiv id
 * gets a name, and the name is checked to be one plain file name, so no id can lead out of the
 * library folder.
 */
export function pdfFileName(arxivId: string): string {
  const ref = parseArxivId(arxivId);
  if (!ref) throw new LecternError('BAD_INPUT', `"${arxivId.slice(0, 80)}" is not an arXiv id; no PDF file name can be made from it.`);
  const name = `${ref.id.replace('/', '_')}.pdf`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.pdf$/.test(name) || name.includes('..')) {
    throw new LecternError('BAD_INPUT', `"${arxivId.slice(0, 80)}" does not make a safe file name.`);
  }
  return name;
}

/** The PDF's path relative to the library folder, with / separators (what the database keeps). */
/** PDFs live in <library>/pdfs (PDF_DIR), one file per paper, named after its arXiv id without version. */
export function pdfRelPath(arxivId: string): string {
  return `${PDF_DIR}/${pdfFileName(arxivId)}`;
}

/** Where a paper's PDF is (or will be) on disk, always inside <dataDir>/pdfs. */
export function pdfPathFor(dataDir: string, arxivId: string): string {
  const dir = path.resolve(dataDir, PDF_DIR);
  const file = path.resolve(dir, pdfFileName(arxivId));
  if (path.dirname(file) !== dir) throw new LecternError('BAD_INPUT', `The PDF of "${arxivId}" would land outside the library folder.`);
  return file;
}

/** A stored relative path back to an absolute one, refusing anything outside <dataDir>/pdfs. */
export function resolveStoredPdfPath(dataDir: string, rel: string): string {
  const dir = path.resolve(dataDir, PDF_DIR);
  const file = path.resolve(dataDir, ...rel.split('/'));
  if (path.dirname(file) !== dir || !file.endsWith('.pdf')) throw new LecternError('BAD_INPUT', `The stored PDF path "${rel}" is outside the library's pdfs folder.`);
  return file;
}

export function partPathFor(dataDir: string, arxivId: string): string {
  return pdfPathFor(dataDir, arxivId) + PART_SUFFIX;
}

/**
 * The first bytes of a download: a PDF, a web page served instead (captcha, block page), or
 * else. The one check of files/pdf-check.ts, with what a web page from arXiv means to the user.
 */
export function sniffStart(head: Uint8Array, contentType: string | null): { ok: true } | { ok: false; html: boolean; reason: string } {
  if (looksLikeHtml(head) || /^text\/html/i.test(contentType ?? '')) {
    const title = /<title[^>]*>([^<]{1,200})/i.exec(Buffer.from(head.subarray(0, 4096)).toString('latin1'))?.[1]?.replace(/\s+/g, ' ').trim();
    return {
      ok: false,
      html: true,
      reason: `arXiv sent a web page${title ? ` (“${title}”)` : ''} instead of the PDF. This is usually a captcha or a block page; nothing was saved. Try again later, or open the paper on arxiv.org in a browser.`,
    };
  }
  const problem = pdfStartProblem(head);
  return problem ? { ok: false, html: false, reason: problem.reason } : { ok: true };
}

/**
 * Whether a downloaded file may be listed as downloaded: every check of files/pdf-check.ts
 * passes (the header, %%EOF at its end, the announced length, at least MIN_PDF_BYTES).
 */
export function acceptDownloadedPdf(file: string, expected: number | null): { ok: true; size: number } | { ok: false; reason: string } {
  const check = checkPdfFile(file, expected);
  return check.problems.length ? { ok: false, reason: check.problems[0]!.reason } : { ok: true, size: check.size };
}

/** Durably moves a finished temporary file to its name: the data, then the rename, are on disk. */
export function commitFile(part: string, final: string): void {
  fs.renameSync(part, final);
  try {
    const dir = fs.openSync(path.dirname(final), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // Some platforms (Windows) cannot open a folder to sync it; the rename itself is atomic there.
  }
}

/**
 * Removes temporary files no download will resume: every *.part whose arXiv id is not queued,
 * and any other leftovers of an interrupted write. Returns the names removed.
 */
export function cleanStaleTemps(dataDir: string, resumable: Set<string>): string[] {
  const dir = path.join(dataDir, PDF_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const keep = new Set([...resumable].map((id) => {
    try {
      return pdfFileName(id) + PART_SUFFIX;
    } catch {
      return '';
    }
  }));
  const removed: string[] = [];
  for (const name of names) {
    const temp = name.endsWith(PART_SUFFIX) || /\.tmp(-\d+)?$/.test(name);
    if (!temp || keep.has(name)) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {}
  }
  return removed;
}
