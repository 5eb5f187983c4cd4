import type { Database } from 'better-sqlite3';
import type { MethodOutput, MethodParsedInput } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import type { ReadingPosition, ReadingState, Zoom } from '../../../shared/methods/reader';
import type { Retraction, Status } from '../../../shared/model';
import { pdfFileOf } from '../files/pdf-file';
import { resolveRef } from '../library/papers';
import { bumpRevision } from '../db/revision';
import { readerSettings } from './settings';
import { textStateOf } from '../fulltext/store';

interface PositionRow {
  page: number;
  page_offset: number;
  zoom: string;
  furthest_page: number;
  page_count: number;
}

function progressOf(furthest: number, pageCount: number): number {
  return Math.min(100, Math.floor((100 * furthest) / Math.max(1, pageCount)));
}

function zoomFromText(z: string): Zoom {
  if (z === 'page-width' || z === 'page-fit' || z === 'auto') return z;
  const n = Number(z);
  return Number.isFinite(n) && n >= 0.1 && n <= 10 ? n : 'page-width';
}

export function readingState(db: Database, dataDir: string, ref: string, desktop: boolean): ReadingState {
  const paperId = resolveRef(db, ref);
  if (paperId === null) throw new LecternError('NOT_FOUND', `No paper "${ref}" in this library (a ref is an id, an arXiv id or a DOI).`, ref);
  const p = db.prepare('SELECT * FROM paper WHERE id = ?').get(paperId) as { title: string; status: Status; read_at: string | null; retraction?: string | null };
  const pos = db.prepare('SELECT page, page_offset, zoom, furthest_page, page_count FROM reader_position WHERE paper_id = ?').get(paperId) as
    | PositionRow
    | undefined;
  const file = pdfFileOf(db, dataDir, paperId);
  const position: ReadingPosition | null = pos ? { page: pos.page, offset: pos.page_offset, zoom: zoomFromText(pos.zoom) } : null;
  return {
    paperId,
    title: p.title,
    status: p.status,
    readAt: p.read_at,
    retraction: p.retraction ? (JSON.parse(p.retraction) as Retraction) : null,
    file: file ? { name: file.relPath.split('/').pop()!, bytes: file.bytes } : null,
    position,
    furthestPage: pos?.furthest_page ?? null,
    pageCount: pos?.page_count ?? null,
    progress: pos ? progressOf(pos.furthest_page, pos.page_count) : null,
    text: textStateOf(db, paperId, file?.sha256 ?? null),
    settings: readerSettings(db),
    desktop,
  };
}

/**
 * Records where the reader is. In one transaction: the position is replaced, the furthest page
 * grows (never shrinks, and never passes the page count), an unread paper becomes *reading*,
 * and reaching the last page for the first time marks it read when the setting asks for it.
 */
export function saveReadingPosition(db: Database, input: MethodParsedInput<'saveReadingPosition'>, now: string): MethodOutput<'saveReadingPosition'> {
  return db
    .transaction(() => {
      const paper = db.prepare('SELECT status FROM paper WHERE id = ?').get(input.paperId) as { status: Status } | undefined;
      if (!paper) throw new LecternError('NOT_FOUND', `No paper #${input.paperId} in this library.`, String(input.paperId));
      const old = db.prepare('SELECT furthest_page, page_count FROM reader_position WHERE paper_id = ?').get(input.paperId) as
        | Pick<PositionRow, 'furthest_page' | 'page_count'>
        | undefined;
      const pageCount = input.pageCount;
      const page = Math.min(input.page, pageCount);
      const before = old ? Math.min(old.furthest_page, pageCount) : 0;
      const furthest = Math.max(before, Math.min(input.seenPage, pageCount));
      db.prepare(
        `INSERT INTO reader_position (paper_id, page, page_offset, zoom, furthest_page, page_count, updated_at)
         VALUES (@paperId, @page, @offset, @zoom, @furthest, @pageCount, @now)
         ON CONFLICT (paper_id) DO UPDATE SET page = excluded.page, page_offset = excluded.page_offset, zoom = excluded.zoom,
           furthest_page = excluded.furthest_page, page_count = excluded.page_count, updated_at = excluded.updated_at`,
      ).run({ paperId: input.paperId, page, offset: input.offset, zoom: String(input.zoom), furthest, pageCount, now });

      let status = paper.status;
      if (status === 'unread') {
        db.prepare("UPDATE paper SET status = 'reading', status_changed_at = ? WHERE id = ?").run(now, input.paperId);
        status = 'reading';
      }
      const justReachedEnd = furthest === pageCount && before < pageCount;
      let markedRead = false;
      if (justReachedEnd && status !== 'read' && readerSettings(db).autoMarkRead) {
        db.prepare("UPDATE paper SET status = 'read', status_changed_at = ?, read_at = ? WHERE id = ?").run(now, now, input.paperId);
        status = 'read';
        markedRead = true;
      }
      bumpRevision(db);
      return { status, progress: progressOf(furthest, pageCount), furthestPage: furthest, justReachedEnd, markedRead };
    })
    .immediate();
}
