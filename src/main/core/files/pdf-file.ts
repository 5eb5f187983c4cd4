import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { LecternError } from '../../../shared/errors';
import { resolveRef } from '../library/papers';
import { bumpRevision } from '../db/revision';
import { confinedPath, PDF_DIR, pdfRelPath } from './confine';
import { checkPdfFile } from './pdf-check';

/** Largest PDF accepted into the library. */
export const MAX_PDF_BYTES = 2 * 1024 ** 3;

export interface PdfFile {
  paperId: number;
  /** Absolute, inside the library folder. */
  path: string;
  relPath: string;
  bytes: number;
  sha256: string;
}

/**
 * The PDF of a paper, or null when it has none. Every reader of PDFs (the server's route, the
 * Electron protocol, text extraction, "reveal in folder") goes through here, so the path is
 * always confined to the library folder, however the database row was written.
 */
export function pdfFileOf(db: Database, dataDir: string, paperId: number): PdfFile | null {
  const row = db.prepare('SELECT rel_path, bytes, sha256 FROM paper_file WHERE paper_id = ?').get(paperId) as
    | { rel_path: string; bytes: number; sha256: string }
    | undefined;
  if (!row) return null;
  // Confined to pdfs/: a row naming lectern.sqlite or a backup is refused (issue 19).
  return { paperId, path: confinedPath(dataDir, row.rel_path, PDF_DIR), relPath: row.rel_path, bytes: row.bytes, sha256: row.sha256 };
}

/** As pdfFileOf, but the file must exist: a NOT_FOUND error says what is missing. */
export function existingPdfFile(db: Database, dataDir: string, paperId: number): PdfFile {
  const f = pdfFileOf(db, dataDir, paperId);
  if (!f) throw new LecternError('NOT_FOUND', `Paper #${paperId} has no PDF yet.`, String(paperId));
  let stat: fs.Stats;
  try {
    stat = fs.statSync(f.path);
  } catch {
    throw new LecternError('NOT_FOUND', `The PDF of paper #${paperId} is missing from the library folder (${f.relPath}).`, f.relPath);
  }
  if (!stat.isFile()) throw new LecternError('NOT_FOUND', `The PDF of paper #${paperId} (${f.relPath}) is not a file.`, f.relPath);
  return f;
}

/** Papers with a PDF file, for text extraction: those whose text is missing or from another file. */
export function filesNeedingText(db: Database, limit: number, skip: readonly number[] = []): { paperId: number; sha256: string }[] {
  const rows = db
    .prepare(
      `SELECT f.paper_id AS paperId, f.sha256 FROM paper_file f
       LEFT JOIN fulltext_state s ON s.paper_id = f.paper_id
       WHERE s.paper_id IS NULL OR s.sha256 <> f.sha256
       ORDER BY f.added_at DESC, f.paper_id DESC LIMIT ?`,
    )
    .all(limit + skip.length) as { paperId: number; sha256: string }[];
  return rows.filter((r) => !skip.includes(r.paperId)).slice(0, limit);
}

interface AttachOutcome {
  paperId: number;
  file: string;
  bytes: number;
  replaced: boolean;
  warnings: string[];
}

/**
 * Copies a PDF into the library folder as the paper's PDF: checked first (a PDF, not empty, not
 * an HTML page), written to a temporary name, synced, renamed, then recorded in one transaction.
 * A failure at any step leaves the library as it was.
 */
export async function attachPdf(db: Database, dataDir: string, ref: string, source: string, now: string): Promise<AttachOutcome> {
  const paperId = resolveRef(db, ref);
  if (paperId === null) throw new LecternError('NOT_FOUND', `No paper "${ref}" in this library (a ref is an id, an arXiv id or a DOI).`, ref);
  const shown = path.basename(source);
  const unreadable = (why: string) => new LecternError('UNREADABLE', `Cannot attach ${shown}: ${why}. Nothing was changed.`, source);

  let stat: fs.Stats;
  try {
    stat = fs.statSync(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message);
  }
  if (stat.isDirectory()) throw unreadable('it is a folder');
  if (!stat.isFile()) throw unreadable('it is not a regular file');
  if (stat.size > MAX_PDF_BYTES) throw unreadable(`it is larger than ${MAX_PDF_BYTES / 1024 ** 3} GB`);

  // The user's own file: one cut off (no %%EOF) may still show its pages, so it is taken with a
  // warning; a small one too (a downloaded paper must be larger).
  const check = checkPdfFile(source, stat.size);
  const refused = check.problems.find((p) => p.code !== 'NO_EOF' && p.code !== 'TOO_SMALL');
  if (refused) throw unreadable(refused.reason);
  const warnings = check.problems.filter((p) => p.code === 'NO_EOF').map((p) => `Accepted although ${p.reason}: it looks cut off, and some pages may be missing or blank.`);

  const paper = db.prepare('SELECT id, arxiv_id AS arxivId FROM paper WHERE id = ?').get(paperId) as { id: number; arxivId: string | null };
  let rel = pdfRelPath(paper);
  const holder = db.prepare('SELECT paper_id FROM paper_file WHERE rel_path = ?').pluck().get(rel) as number | undefined;
  if (holder !== undefined && holder !== paperId) rel = pdfRelPath({ id: paperId, arxivId: null });
  const target = confinedPath(dataDir, rel);
  fs.mkdirSync(path.dirname(target), { recursive: true });

  const tmp = path.join(path.dirname(target), `.attach-${randomBytes(6).toString('hex')}.tmp`);
  let sha256: string;
  let bytes: number;
  try {
    ({ sha256, bytes } = await copyHashed(source, tmp));
    if (bytes !== stat.size) throw unreadable('it changed while it was being copied');
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (e instanceof LecternError) throw e;
    throw new LecternError('INTERNAL', `Could not copy ${shown} into the library folder: ${(e as Error).message}. Nothing was changed.`, source);
  }
  syncDir(path.dirname(target));

  const previous = db
    .transaction(() => {
      const old = db.prepare('SELECT rel_path FROM paper_file WHERE paper_id = ?').pluck().get(paperId) as string | undefined;
      db.prepare(
        `INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, source, added_at) VALUES (?, ?, ?, ?, 'attached', ?)
         ON CONFLICT (paper_id) DO UPDATE SET rel_path = excluded.rel_path, bytes = excluded.bytes, sha256 = excluded.sha256,
           source = excluded.source, added_at = excluded.added_at`,
      ).run(paperId, rel, bytes, sha256, now);
      // The download state a download sets; the file itself is the paper_file row above.
      db.prepare("UPDATE paper SET pdf_state = 'downloaded', pdf_error = NULL WHERE id = ?").run(paperId);
      bumpRevision(db);
      return old;
    })
    .immediate();
  if (previous && previous !== rel) {
    try {
      fs.rmSync(confinedPath(dataDir, previous, PDF_DIR), { force: true });
    } catch {
      // An old path that is not ours to delete (outside the folder) is left alone.
    }
  }
  return { paperId, file: rel, bytes, replaced: previous !== undefined, warnings };
}

async function copyHashed(source: string, target: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const out = fs.openSync(target, 'wx');
  try {
    for await (const chunk of fs.createReadStream(source, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      let written = 0;
      while (written < chunk.length) written += fs.writeSync(out, chunk, written);
    }
    fs.fsyncSync(out);
  } finally {
    fs.closeSync(out);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Makes the rename durable; not every platform can open a folder, which is fine. */
function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {}
}
