import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent, type ReactNode } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState } from '@tanstack/react-table';
import type { PaperRow, SortColumn, Status } from '../../../shared/model';
import type { ColumnLayout, LibraryQuery } from '../../../shared/query';
import { extendTo, isSelected, selectAll, single, toggle, type Selection } from '../selection/selection';
import type { PdfActions } from '../downloads/PdfCell';
import { NEXT_STATUS } from '../format';
import type { CellActions } from './cell-actions';
import type { ColumnMeta } from './column-meta';
import { COLUMNS } from './columns';
import { gridTemplate, MIN_WIDTH, moveColumn, visibleColumns } from './layout';
import { useRowWindow } from './useRowWindow';
import './table.css';

const ROW_HEIGHT = 30;
/** A row a search found inside its PDF has a second line: where the text matched. */
const SEARCH_ROW_HEIGHT = 46;

export type { Selection } from '../selection/selection';

/** Back to the table (once a dialog, the reader or triage is gone), where the keyboard was. */
export const focusGrid = () => document.querySelector<HTMLElement>('[role=grid]')?.focus();

/** Keys that act on the selection; the app decides what each does. */
export type SelectionKey = 'read' | 'unread' | 'reading' | 'star' | 'tag' | 'remove' | 'download';

interface Props {
  query: LibraryQuery;
  onSort: (sort: SortColumn | null, desc: boolean) => void;
  total: number;
  rowAt: (i: number) => PaperRow | undefined;
  /** Indexes of the loaded rows that pass the test, in order. */
  loadedWhere: (test: (row: PaperRow) => boolean) => number[];
  ensureRange: (first: number, last: number) => void;
  version: number;
  selection: Selection;
  onSelection: (s: Selection) => void;
  /** One row's status (the status pill). */
  onMark: (ids: number[], status: Status) => void;
  /** R/U/I, S, T, D, Delete over the selection (or the active row). */
  onSelectionKey: (key: SelectionKey) => void;
  onStar: (row: PaperRow) => void;
  /** The PDF column's actions (download, pick the arXiv match). */
  pdf: PdfActions;
  onOpen: (i: number) => void;
  onSearchKey: () => void;
  layout: ColumnLayout;
  onLayout: (l: ColumnLayout) => void;
}

/**
 * The library as an ARIA grid. Rows are virtualized (only those in view are in the DOM) and
 * fetched a page at a time; sorting and filtering are done by the core. Keyboard: arrows,
 * PageUp/PageDown, Home/End move; Shift extends; Space toggles; Ctrl/Cmd+A selects every row of
 * the view; R/U/I mark read/unread/reading; S stars; T tags; D downloads the PDFs; Delete
 * removes; Enter opens the reader.
 * Columns follow the remembered layout; headers can be dragged to reorder and their edges to resize.
 */
export function LibraryTable(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The cells' buttons reach the app through one object that stays the same: rows never re-render
  // because a callback was made anew.
  const actions = useRef<CellActions>({ status: () => {}, star: () => {}, pdf: p.pdf }).current;
  actions.status = (row) => p.onMark([row.id], NEXT_STATUS[row.status]);
  actions.star = p.onStar;
  actions.pdf = p.pdf;
  const sortId = (s: SortColumn) => COLUMNS.find((c) => (c.meta as ColumnMeta).sort === s)?.id ?? s;
  const sortKey = p.query.sort ? sortId(p.query.sort) : null;
  const sorting: SortingState = useMemo(() => (sortKey ? [{ id: sortKey, desc: !!p.query.desc }] : []), [sortKey, p.query.desc]);

  // Only rows with a snippet are taller, so a search that matches no PDF text lays nothing out again.
  const searching = !!p.query.search?.trim();
  const tall = useMemo(() => (searching ? p.loadedWhere((r) => r.textMatch !== null) : NO_INDEXES), [searching, p.loadedWhere, p.version]);
  const { rows: items, totalSize, scrollToIndex } = useRowWindow({
    count: p.total,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    tall,
    tallHeight: SEARCH_ROW_HEIGHT,
    overscan: 4,
    headerHeight: ROW_HEIGHT,
  });
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => p.ensureRange(first, last), [first, last, p.ensureRange, p.version]);

  const visible = visibleColumns(p.layout);
  const columnVisibility = useMemo(() => Object.fromEntries(p.layout.hidden.map((id) => [id, false])), [p.layout.hidden]);
  // The table instance gives the headers (order, visibility, sort state); rows are drawn by Row
  // below, straight from the column definitions, so scrolling builds no row model at all.
  const table = useReactTable({
    data: NO_ROWS,
    columns: COLUMNS,
    meta: actions,
    getRowId: (r) => String(r.id),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { sorting, columnOrder: p.layout.order, columnVisibility },
  });
  const headers = table.getHeaderGroups()[0]!.headers;
  const visibleDefs = table.getVisibleLeafColumns().map((c) => ({ id: c.id, def: c.columnDef as ColumnDef<PaperRow, unknown>, accessor: c.accessorFn }));
  const cellTable = useMemo(() => ({ options: { meta: actions } }), [actions]);
  const metaOf = (id: string) => table.getColumn(id)?.columnDef.meta as ColumnMeta | undefined;
  const template = gridTemplate({ ...p.layout, order: visible.filter((id) => metaOf(id)) }, metaOf);

  const sel = p.selection;
  const active = sel.active;

  const moveTo = (i: number, extend: boolean) => {
    const to = Math.max(0, Math.min(p.total - 1, i));
    p.onSelection(extend ? extendTo(sel, to) : single(to, p.rowAt(to)?.id ?? null));
    scrollToIndex(to);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (p.total === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: p.total - 1 };
    const keys: Record<string, SelectionKey> = { r: 'read', u: 'unread', i: 'reading', s: 'star', t: 'tag', d: 'download', Delete: 'remove' };
    const modifier = e.ctrlKey || e.metaKey || e.altKey;
    if (key in moves) moveTo(moves[key]!, e.shiftKey);
    else if (key === ' ') {
      const r = p.rowAt(active);
      if (r) p.onSelection(toggle(sel, active, r.id));
    } else if (key === 'a' && (e.ctrlKey || e.metaKey)) p.onSelection(selectAll(sel));
    else if (!modifier && key in keys) p.onSelectionKey(keys[key]!);
    else if (!modifier && key === 'Enter') p.onOpen(active);
    else if (!modifier && key === '/') p.onSearchKey();
    else return;
    e.preventDefault();
  };

  // Row handlers read the latest selection through a ref, so they stay the same function and
  // memoized rows are not re-rendered by every selection change.
  const selRef = useRef(p.selection);
  selRef.current = p.selection;
  const handlers = useRef<RowHandlers>({ click: () => {}, open: () => {} });
  handlers.current.click = (e: MouseEvent, i: number, id: number) => {
    const s = selRef.current;
    if (e.shiftKey) p.onSelection(extendTo(s, i));
    else if (e.ctrlKey || e.metaKey) p.onSelection(toggle(s, i, id));
    else p.onSelection(single(i, id));
    scrollRef.current?.focus({ preventScroll: true });
  };
  handlers.current.open = (i: number) => p.onOpen(i);

  // Resizing: drag a header's right edge. The width is applied live, remembered on release.
  const [drag, setDrag] = useState<{ id: string; width: number } | null>(null);
  const liveLayout = drag ? { ...p.layout, widths: { ...p.layout.widths, [drag.id]: drag.width } } : p.layout;
  const liveTemplate = drag ? gridTemplate({ ...liveLayout, order: visible.filter((id) => metaOf(id)) }, metaOf) : template;
  const startResize = (e: PointerEvent, id: string) => {
    e.preventDefault();
    e.stopPropagation();
    const cell = (e.currentTarget as HTMLElement).parentElement!;
    const startX = e.clientX;
    const startWidth = cell.getBoundingClientRect().width;
    let width = startWidth;
    const move = (ev: globalThis.PointerEvent) => {
      width = Math.max(MIN_WIDTH, Math.round(startWidth + ev.clientX - startX));
      setDrag({ id, width });
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setDrag(null);
      if (width !== startWidth) p.onLayout({ ...p.layout, widths: { ...p.layout.widths, [id]: width } });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const [dragOver, setDragOver] = useState<string | null>(null);

  const activeRow = p.rowAt(active);
  return (
    <div
      className="grid"
      role="grid"
      aria-label="Library"
      aria-rowcount={p.total + 1}
      aria-multiselectable="true"
      aria-activedescendant={activeRow ? `row-${activeRow.id}` : undefined}
      tabIndex={0}
      ref={scrollRef}
      onKeyDown={onKeyDown}
    >
      <div className="grid-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: liveTemplate }}>
        {headers.map((h) => {
          const meta = h.column.columnDef.meta as ColumnMeta;
          const isSorted = meta.sort !== null && p.query.sort === meta.sort;
          const label = typeof h.column.columnDef.header === 'string' ? h.column.columnDef.header : h.id;
          return (
            <div
              key={h.id}
              role="columnheader"
              data-column={h.id}
              aria-sort={isSorted ? (p.query.desc ? 'descending' : 'ascending') : 'none'}
              className={`cell header-cell${dragOver === h.id ? ' drop-target' : ''}`}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData('text/x-lectern-column', h.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(e) => {
                if (!e.dataTransfer.types.includes('text/x-lectern-column')) return;
                e.preventDefault();
                setDragOver(h.id);
              }}
              onDragLeave={() => setDragOver(null)}
              onDrop={(e) => {
                const from = e.dataTransfer.getData('text/x-lectern-column');
                setDragOver(null);
                if (from && from !== h.id) p.onLayout(moveColumn(p.layout, from, p.layout.order.indexOf(h.id)));
              }}
            >
              {meta.sort ? (
                <button
                  type="button"
                  className="sort-button"
                  tabIndex={-1}
                  onClick={() => (isSorted && p.query.desc ? p.onSort(null, false) : p.onSort(meta.sort, isSorted))}
                  title={`Sort by ${label === '★' ? 'star' : label.toLowerCase()}`}
                >
                  {flexRender(h.column.columnDef.header, h.getContext())}
                  <span aria-hidden="true" className="sort-mark">{isSorted ? (p.query.desc ? '▼' : '▲') : ''}</span>
                </button>
              ) : (
                <span className="header-label">{flexRender(h.column.columnDef.header, h.getContext())}</span>
              )}
              <span className="resize-handle" aria-hidden="true" onPointerDown={(e) => startResize(e, h.id)} onClick={(e) => e.stopPropagation()} />
            </div>
          );
        })}
      </div>
      <div className="grid-body" style={{ height: totalSize }}>
        {items.map((item) => {
          const paper = p.rowAt(item.index);
          const style = { transform: `translateY(${item.start}px)`, gridTemplateColumns: liveTemplate, height: item.size };
          if (!paper) {
            return (
              <div key={item.index % ROW_POOL} role="row" aria-rowindex={item.index + 2} className="grid-row loading" style={style}>
                <div role="gridcell" className="cell">…</div>
              </div>
            );
          }
          return (
            <Row
              // Recycled by position: a row scrolled out is reused for the one scrolled in, and
              // new results update the rows in place; memo skips the rows whose content stayed.
              key={item.index % ROW_POOL}
              paper={paper}
              index={item.index}
              start={item.start}
              template={liveTemplate}
              height={item.size}
              columns={visibleDefs}
              columnsKey={visible.join(',')}
              selected={isSelected(sel, item.index, paper.id)}
              active={item.index === active}
              handlers={handlers}
              table={cellTable}
            />
          );
        })}
      </div>
    </div>
  );
}

const NO_ROWS: PaperRow[] = [];
const NO_INDEXES: number[] = [];

/** A page fetched again brings new objects for the same rows: compare what a row shows. */
function samePaper(a: PaperRow, b: PaperRow): boolean {
  if (a === b) return true;
  for (const k of Object.keys(a) as (keyof PaperRow)[]) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i])) continue;
    return false;
  }
  return true;
}
/** More than the rows ever rendered at once (the view plus the overscan), so keys never collide. */
const ROW_POOL = 256;

interface RowHandlers {
  click: (e: MouseEvent, index: number, id: number) => void;
  open: (index: number) => void;
}

interface RowProps {
  paper: PaperRow;
  index: number;
  start: number;
  template: string;
  height: number;
  columns: { id: string; def: ColumnDef<PaperRow, unknown>; accessor?: (row: PaperRow, index: number) => unknown }[];
  /** Identity of the column set: `columns` is rebuilt every render, this only when it changes. */
  columnsKey: string;
  selected: boolean;
  active: boolean;
  handlers: { current: RowHandlers };
  /** What the cells see of the table: its meta, the cells' actions. */
  table: { options: { meta: CellActions } };
}

/**
 * One row. Memoized on what it shows: while scrolling, rows already in view are left alone and
 * only the rows coming into view are drawn.
 */
const Row = memo(
  function Row({ paper, index, start, template, height, columns, selected, active, handlers, table }: RowProps) {
    return (
      <div
        id={`row-${paper.id}`}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={selected}
        className={`grid-row status-row-${paper.status}${selected ? ' selected' : ''}${active ? ' active' : ''}`}
        style={{ transform: `translateY(${start}px)`, gridTemplateColumns: template, height }}
        onClick={(e) => handlers.current.click(e, index, paper.id)}
        onDoubleClick={() => handlers.current.open(index)}
      >
        {columns.map((c) => {
          const value = c.accessor ? c.accessor(paper, index) : undefined;
          // The context the column definitions use: the value, the row, the column, the table's meta.
          const ctx = { getValue: () => value, renderValue: () => value, row: { original: paper, index }, column: { id: c.id }, table };
          const hover = (c.def.meta as ColumnMeta | undefined)?.hover;
          return (
            <div key={c.id} role="gridcell" className={`cell cell-${c.id}`} title={hover?.(paper) || undefined}>
              {c.def.cell ? flexRender(c.def.cell, ctx as never) : (value as ReactNode)}
            </div>
          );
        })}
      </div>
    );
  },
  (a, b) =>
    samePaper(a.paper, b.paper) && a.index === b.index && a.start === b.start && a.template === b.template && a.height === b.height && a.columnsKey === b.columnsKey && a.selected === b.selected && a.active === b.active,
);
