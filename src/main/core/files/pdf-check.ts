import fs from 'node:fs';

/**
 * "Is this a PDF": the one check, for a download (before it is listed as downloaded), a file
 * attached by the user, and `lectern doctor`. It reads only the two ends of the file. Each way a
 * file can fail has one code and one wording (a clause that follows "Cannot attach x.pdf: ", "the
 * download failed: " or a path in doctor's list); the callers differ only in what they accept:
 * attach takes a file without %%EOF with a warning (it is the user's file, and may still show),
 * a download and doctor do not. No wording quotes the file's content.
 */
export type PdfProblemCode = 'MISSING' | 'UNREADABLE' | 'EMPTY' | 'SIZE' | 'TOO_SMALL' | 'HTML' | 'NO_HEADER' | 'NO_EOF';

export interface PdfProblem {
  code: PdfProblemCode;
  reason: string;
}

/** Smaller than this is not a paper, whatever its header says (a download must be at least this). */
export const MIN_PDF_BYTES = 2048;

/** PDF readers accept the header anywhere in the first kilobyte, and %%EOF in the last one. */
const HEAD = 1024;
const TAIL = 1024;

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/**
 * Whether the first bytes are a web page (a login, captcha or error page saved or served in the
 * PDF's place). What a file starts as decides: a page may quote "%PDF-" a little way in.
 */
export function looksLikeHtml(head: Uint8Array): boolean {
  const lead = latin1(head.subarray(0, 512))
    .replace(/^(\uFEFF|\xEF\xBB\xBF)/, '')
    .trimStart()
    .slice(0, 300)
    .toLowerCase();
  return /^<(!doctype\s+html|html|head|body|!--|\?xml[^>]*>\s*<(!doctype\s+)?html)/.test(lead) || /^<[^%]{0,200}<html[\s>]/.test(lead);
}

/** What the first bytes alone say: nothing wrong (null), or why this is not a PDF. */
export function pdfStartProblem(head: Uint8Array): PdfProblem | null {
  if (looksLikeHtml(head)) return { code: 'HTML', reason: 'it is an HTML page, not a PDF (perhaps a login, captcha or error page saved in its place)' };
  if (!latin1(head.subarray(0, HEAD)).includes('%PDF-')) return { code: 'NO_HEADER', reason: 'it is not a PDF (it does not start with a "%PDF-" header)' };
  return null;
}

export interface PdfFileCheck {
  /** The size on disk (0 when it could not be read). */
  size: number;
  /** Everything wrong with it, most serious first; empty for a sound PDF. */
  problems: PdfProblem[];
}

/** Checks a file on disk: it exists and reads, its size (against `expectedSize` when known), its start and its end. */
export function checkPdfFile(file: string, expectedSize: number | null = null): PdfFileCheck {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { size: 0, problems: [{ code: 'MISSING', reason: 'the file is missing' }] };
    return { size: 0, problems: [{ code: 'UNREADABLE', reason: `the file cannot be read (${code ?? (e as Error).message})` }] };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { size: 0, problems: [{ code: 'UNREADABLE', reason: 'it is not a regular file' }] };
    const size = stat.size;
    if (size === 0) return { size, problems: [{ code: 'EMPTY', reason: 'the file is empty (0 bytes)' }] };
    const problems: PdfProblem[] = [];
    if (expectedSize !== null && size !== expectedSize) problems.push({ code: 'SIZE', reason: `it has ${size} bytes where ${expectedSize} were expected (cut off, or replaced)` });
    const head = Buffer.alloc(Math.min(HEAD, size));
    fs.readSync(fd, head, 0, head.length, 0);
    const start = pdfStartProblem(head);
    if (start) problems.push(start);
    else if (size < MIN_PDF_BYTES) problems.push({ code: 'TOO_SMALL', reason: `it is only ${size} bytes, too small to be a paper` });
    const tail = Buffer.alloc(Math.min(TAIL, size));
    fs.readSync(fd, tail, 0, tail.length, size - tail.length);
    if (!start && !latin1(tail).includes('%%EOF')) problems.push({ code: 'NO_EOF', reason: 'it is incomplete (no "%%EOF" at its end)' });
    return { size, problems };
  } finally {
    fs.closeSync(fd);
  }
}
