import { createColumnHelper } from '@tanstack/react-table';
import type { PaperRow } from '../../../shared/model';
import { PdfCell } from '../downloads/PdfCell';
import { cellActions } from './cell-actions';
import type { ColumnMeta } from './column-meta';

const col = createColumnHelper<PaperRow>();

/** The columns of what the user does with a paper: star, tags, PDF state, reading progress, read date, note. */
export const EXTRA_COLUMNS = [
  col.accessor('starred', {
    header: '★',
    meta: { sort: 'starred', width: '28px' } satisfies ColumnMeta,
    cell: (c) => (
      <button
        type="button"
        className={`star${c.getValue() ? ' on' : ''}`}
        tabIndex={-1}
        aria-label={c.getValue() ? 'Starred; unstar' : 'Not starred; star'}
        aria-pressed={c.getValue()}
        onClick={(e) => {
          e.stopPropagation();
          cellActions(c).star(c.row.original);
        }}
      >
        {c.getValue() ? '★' : '☆'}
      </button>
    ),
  }),
  col.accessor('tags', {
    header: 'Tags',
    meta: { sort: 'tags', width: 'minmax(36px, 0.5fr)', hover: (r) => r.tags.join(', ') } satisfies ColumnMeta,
    cell: (c) => c.getValue().map((t) => <span key={t} className="tag-chip">{t}</span>),
  }),
  col.accessor('pdf', {
    header: 'PDF',
    meta: { sort: 'pdf', width: '80px' } satisfies ColumnMeta,
    cell: (c) => <PdfCell row={c.row.original} actions={cellActions(c).pdf} />,
  }),
  col.accessor('progress', {
    header: 'Progress',
    meta: { sort: null, width: '72px' } satisfies ColumnMeta,
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
  col.accessor('readAt', {
    header: 'Read on',
    meta: { sort: 'read', width: '80px', hiddenByDefault: true } satisfies ColumnMeta,
    cell: (c) => (c.row.original.status === 'read' ? (c.getValue()?.slice(0, 10) ?? '') : ''),
  }),
  col.accessor('hasNote', {
    header: 'Note',
    meta: { sort: null, width: '48px', hiddenByDefault: true } satisfies ColumnMeta,
    cell: (c) => (c.getValue() ? <span title="Has a note" aria-label="Has a note">✎</span> : ''),
  }),
];
