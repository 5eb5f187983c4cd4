import { createColumnHelper } from '@tanstack/react-table';
import type { PaperRow, SortColumn, Status } from '../../../shared/model';
import { authorsText, leadIn, snippetParts } from '../format';
import type { PdfActions } from '../downloads/PdfCell';
import { organizeColumns } from './extraColumns';

const col = createColumnHelper<PaperRow>();

export const STATUS_LABEL: Record<Status, string> = { unread: 'Unread', reading: 'Reading', read: 'Read' };
export const NEXT_STATUS: Record<Status, Status> = { unread: 'reading', reading: 'read', read: 'unread' };

export interface ColumnMeta {
  /** The core's sort for this column; null when it cannot be sorted. */
  sort: SortColumn | null;
  /** Its default CSS grid track; the user's resizing replaces it with pixels. */
  width: string;
  /** Hidden until the user shows it (the Columns menu). */
  hiddenByDefault?: boolean;
}

export function makeColumns(onStatusClick: (row: PaperRow) => void, onStarClick: (row: PaperRow) => void, pdf: PdfActions) {
  return [
    col.accessor('status', {
      header: 'Status',
      meta: { sort: 'status', width: '84px' } satisfies ColumnMeta,
      cell: (c) => (
        <button
          type="button"
          className={`status-pill status-${c.getValue()}`}
          aria-label={`Status ${STATUS_LABEL[c.getValue()]}; change to ${STATUS_LABEL[NEXT_STATUS[c.getValue()]]}`}
          title={`Click to mark ${STATUS_LABEL[NEXT_STATUS[c.getValue()]].toLowerCase()}`}
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            onStatusClick(c.row.original);
          }}
        >
          {STATUS_LABEL[c.getValue()]}
        </button>
      ),
    }),
    col.accessor('title', {
      header: 'Title',
      meta: { sort: 'title', width: 'minmax(220px, 4fr)' } satisfies ColumnMeta,
      cell: (c) => {
        const m = c.row.original.textMatch;
        if (!m) return c.getValue();
        return (
          <>
            <span className="title-text">{c.getValue()}</span>
            <Snippet page={m.page} snippet={m.snippet} />
          </>
        );
      },
    }),
    col.accessor((r) => authorsText(r), { id: 'authors', header: 'Authors', meta: { sort: 'authors', width: 'minmax(70px, 1.3fr)' } satisfies ColumnMeta }),
    col.accessor('published', { header: 'Date', meta: { sort: 'published', width: '92px' } satisfies ColumnMeta, cell: (c) => c.getValue() ?? '' }),
    col.accessor('digest', {
      header: 'Digest',
      meta: { sort: 'digest', width: 'minmax(80px, 1fr)', hiddenByDefault: true } satisfies ColumnMeta,
      cell: (c) => (c.row.original.digestCount > 1 ? `${c.getValue() ?? ''} (+${c.row.original.digestCount - 1})` : (c.getValue() ?? '')),
    }),
    col.accessor('upvotes', { header: 'Upvotes', meta: { sort: 'upvotes', width: '66px' } satisfies ColumnMeta, cell: (c) => c.getValue() }),
    col.accessor('addedAt', { header: 'Added', meta: { sort: 'added', width: '96px', hiddenByDefault: true } satisfies ColumnMeta, cell: (c) => c.getValue().slice(0, 10) }),
    ...organizeColumns(onStarClick, pdf),
  ];
}

/** Where a search hit the PDF's text; the hits are marked, everything is rendered as text. */
export function Snippet({ page, snippet }: { page: number; snippet: string }) {
  return (
    <span className="snippet" title={`Found in the PDF, page ${page}`}>
      p. {page}: {leadIn(snippetParts(snippet)).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
