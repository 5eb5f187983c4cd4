import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { PaperRow } from '../../../shared/model';
import { authorsText, leadIn, NEXT_STATUS, snippetParts, STATUS_LABEL } from '../format';
import { TexText } from '../math/TexText';
import { cellActions } from './cell-actions';
import type { ColumnMeta } from './column-meta';
import { EXTRA_COLUMNS } from './extraColumns';
import type { LayoutColumn } from './layout';

// The reader shows the status with the same words.
export { STATUS_LABEL } from '../format';

const col = createColumnHelper<PaperRow>();

const CORE_COLUMNS = [
  col.accessor('status', {
    header: 'Status',
    meta: { sort: 'status', width: '70px' } satisfies ColumnMeta,
    cell: (c) => (
      <button
        type="button"
        className={`status-pill status-${c.getValue()}`}
        aria-label={`Status ${STATUS_LABEL[c.getValue()]}; change to ${STATUS_LABEL[NEXT_STATUS[c.getValue()]]}`}
        title={`Click to mark ${STATUS_LABEL[NEXT_STATUS[c.getValue()]].toLowerCase()}`}
        tabIndex={-1}
        onClick={(e) => {
          e.stopPropagation();
          cellActions(c).status(c.row.original);
        }}
      >
        {STATUS_LABEL[c.getValue()]}
      </button>
    ),
  }),
  col.accessor('title', {
    header: 'Title',
    meta: { sort: 'title', width: 'minmax(160px, 6fr)', hover: (r) => r.title } satisfies ColumnMeta,
    cell: (c) => {
      const m = c.row.original.textMatch;
      // A retracted paper says so before its title (Crossref's retraction notice; the pane links it).
      const mark = c.row.original.retracted ? <span className="retracted-mark" title="Retracted: Crossref lists a retraction notice for this paper">Retracted</span> : null;
      if (!m) return mark ? <span className="title-text">{mark}<TexText text={c.getValue()} /></span> : <TexText text={c.getValue()} />;
      return (
        <>
          <span className="title-text">{mark}<TexText text={c.getValue()} /></span>
          <Snippet page={m.page} snippet={m.snippet} />
        </>
      );
    },
  }),
  col.accessor((r) => authorsText(r), { id: 'authors', header: 'Authors', meta: { sort: 'authors', width: 'minmax(80px, 1fr)', hover: authorsText } satisfies ColumnMeta }),
  col.accessor('published', { header: 'Date', meta: { sort: 'published', width: '80px' } satisfies ColumnMeta, cell: (c) => c.getValue() ?? '' }),
  col.accessor('digest', {
    header: 'Digest',
    meta: { sort: 'digest', width: 'minmax(64px, 1fr)', hiddenByDefault: true } satisfies ColumnMeta,
    cell: (c) => (c.row.original.digestCount > 1 ? `${c.getValue() ?? ''} (+${c.row.original.digestCount - 1})` : (c.getValue() ?? '')),
  }),
  col.accessor('upvotes', { header: 'Upvotes', meta: { sort: 'upvotes', width: '66px' } satisfies ColumnMeta, cell: (c) => c.getValue() }),
  col.accessor('addedAt', { header: 'Added', meta: { sort: 'added', width: '80px', hiddenByDefault: true } satisfies ColumnMeta, cell: (c) => c.getValue().slice(0, 10) }),
];

/** Every column of the library table, built once: the table draws them, the layout lists them. */
export const COLUMNS = [...CORE_COLUMNS, ...EXTRA_COLUMNS] as ColumnDef<PaperRow, unknown>[];

/** The columns as the layout and the Columns menu know them. */
export const LAYOUT_COLUMNS: LayoutColumn[] = COLUMNS.map((c) => ({
  id: c.id ?? (c as { accessorKey?: string }).accessorKey ?? '',
  header: typeof c.header === 'string' ? c.header : '',
  meta: c.meta as ColumnMeta,
}));

/** Where a search hit the PDF's text; the hits are marked, everything is rendered as text. */
function Snippet({ page, snippet }: { page: number; snippet: string }) {
  return (
    <span className="snippet" title={`Found in the PDF, page ${page}`}>
      p. {page}: {leadIn(snippetParts(snippet)).map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
