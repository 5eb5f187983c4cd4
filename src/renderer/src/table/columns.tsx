import { createColumnHelper } from '@tanstack/react-table';
import type { PaperRow, SortColumn, Status } from '../../../shared/model';
import { authorsText, leadIn, snippetParts } from '../format';
import { PdfCell, type PdfActions } from '../downloads/PdfCell';

const col = createColumnHelper<PaperRow>();

export const STATUS_LABEL: Record<Status, string> = { unread: 'Unread', reading: 'Reading', read: 'Read' };
export const NEXT_STATUS: Record<Status, Status> = { unread: 'reading', reading: 'read', read: 'unread' };

export interface ColumnMeta {
  /** The core's sort for this column; none = not sortable. */
  sort?: SortColumn;
  width: string;
}

export function makeColumns(onStatusClick: (row: PaperRow) => void, pdf: PdfActions) {
  return [
    col.accessor('status', {
      header: 'Status',
      meta: { sort: 'status', width: '92px' } satisfies ColumnMeta,
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
      meta: { sort: 'title', width: 'minmax(240px, 4fr)' } satisfies ColumnMeta,
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
    col.accessor((r) => authorsText(r), { id: 'authors', header: 'Authors', meta: { sort: 'authors', width: 'minmax(100px, 1.3fr)' } satisfies ColumnMeta }),
    col.accessor('published', { header: 'Date', meta: { sort: 'published', width: '96px' } satisfies ColumnMeta, cell: (c) => c.getValue() ?? '' }),
    col.accessor('digest', {
      header: 'Digest',
      meta: { sort: 'digest', width: 'minmax(100px, 1fr)' } satisfies ColumnMeta,
      cell: (c) => (c.row.original.digestCount > 1 ? `${c.getValue() ?? ''} (+${c.row.original.digestCount - 1})` : (c.getValue() ?? '')),
    }),
    col.accessor('upvotes', { header: 'Upvotes', meta: { sort: 'upvotes', width: '72px' } satisfies ColumnMeta, cell: (c) => c.getValue() }),
    col.accessor('pdf', {
      header: 'PDF',
      meta: { width: '104px' } satisfies ColumnMeta,
      cell: (c) => <PdfCell row={c.row.original} actions={pdf} />,
    }),
    col.accessor('progress', {
      header: 'Progress',
      meta: { width: '92px' } satisfies ColumnMeta,
      cell: (c) => {
        const v = c.getValue();
        if (v === null) return '';
        return (
          <span className="progress" title={`${v}% read`}>
            <span className="progress-track" aria-hidden="true">
              <span className="progress-bar" style={{ width: `${v}%` }} />
            </span>
            {v}%
          </span>
        );
      },
    }),
    col.accessor('addedAt', { header: 'Added', meta: { sort: 'added', width: '96px' } satisfies ColumnMeta, cell: (c) => c.getValue().slice(0, 10) }),
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
