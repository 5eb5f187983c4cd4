import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../../../shared/errors';

/** Where the library keeps PDFs, relative to the library folder. */
export const PDF_DIR = 'pdfs'; // shared with downloads (downloads/files.ts)

/**
 * The absolute path of `rel` inside the library folder `root` (inside its folder `under`, when
 * given: a PDF must be in pdfs/, not merely in the library), or a FORBIDDEN error. `rel` comes
 * from the database, which another program may have written: it must be a plain relative path
 * of ordinary segments (no `..`, no absolute or drive paths, no backslashes, no NUL), and it
 * must still be inside the folder once symbolic links are followed. The Electron protocol and
 * the server's PDF route both serve files only through this function.
 */
export function confinedPath(root: string, rel: string, under?: string): string {
  const folder = under ? `the library's ${under}/ folder` : 'the library folder';
  const refuse = (why: string) => new LecternError('FORBIDDEN', `Refused the file path "${printable(rel)}": ${why}. Only files inside ${folder} are served.`, rel);
  if (typeof rel !== 'string' || rel.length === 0) throw refuse('it is empty');
  if (rel.includes('\0')) throw refuse('it contains a NUL character');
  if (rel.includes('\\')) throw refuse('it contains a backslash');
  if (rel.startsWith('/') || /^[a-zA-Z]:/.test(rel)) throw refuse('it is absolute');
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) throw refuse('it has an empty, "." or ".." segment');
  if (under && (segments[0] !== under || segments.length < 2)) throw refuse(`it is not in ${folder}`);
  const base = path.resolve(root, ...(under ? [under] : []));
  const file = path.resolve(root, ...segments);
  if (!isInside(base, file)) throw refuse(`it leads outside ${folder}`);
  // A symbolic link inside the folder may still point outside it.
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return file; // does not exist (yet): nothing to follow
  }
  if (!isInside(fs.realpathSync(base), real)) throw refuse(`it is a link to a place outside ${folder}`);
  return file;
}

function isInside(base: string, file: string): boolean {
  return file.startsWith(base + path.sep);
}

function printable(s: unknown): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must not be echoed
  return String(s).replace(/[\0-\x1f\x7f]/g, '?').slice(0, 200);
}

/**
 * The file name a paper's PDF gets: from its arXiv id (`hep-th/9901001` -> `hep-th_9901001.pdf`),
 * else from its id. Only [A-Za-z0-9._-] ever reaches the file system.
 */
export function pdfRelPath(paper: { id: number; arxivId: string | null }): string {
  const fromArxiv = paper.arxivId?.replace(/\//g, '_');
  const base = fromArxiv && /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/.test(fromArxiv) ? fromArxiv : `paper-${paper.id}`;
  return `${PDF_DIR}/${base}.pdf`;
}
