import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PaperRow, SortColumn, Status } from '../../../shared/model';
import type { ColumnLayout } from '../../../shared/query';
import { extendTo, isSelected, selectAll, single, toggle, type Selection } from '../selection/selection';
import { makeColumns, NEXT_STATUS, type ColumnMeta } from './columns';
import { gridTemplate, MIN_WIDTH, moveColumn, visibleColumns } from './layout';
import { type TableQuery } from './usePagedRows';

const ROW_HEIGHT = 30;

export type { Selection } from '../selection/selection';

/** Keys that act on the selection; the app decides what each does. */
export type SelectionKey = 'read' | 'unread' | 'reading' | 'star' | 'tag' | 'remove';

interface Props {
  query: TableQuery;
  onSort: (sort: SortColumn | null, desc: boolean) => void;
  total: number;
  rowAt: (i: number) => PaperRow | undefined;
  ensureRange: (first: number, last: number) => void;
  version: number;
  selection: Selection;
  onSelection: (s: Selection) => void;
  /** One row's status (the status pill). */
  onMark: (ids: number[], status: Status) => void;
  /** R/U/I, S, T, Delete over the selection (or the active row). */
  onSelectionKey: (key: SelectionKey) => void;
  onStar: (row: PaperRow) => void;
  onOpen: (i: number) => void;
  onSearchKey: () => void;
  layout: ColumnLayout;
  onLayout: (l: ColumnLayout) => void;
}

/**
 * The library as an ARIA grid. Rows are virtualized (only those in view are in the DOM) and
 * fetched a page at a time; sorting and filtering are done by the core. Keyboard: arrows,
 * PageUp/PageDown, Home/End move; Shift extends; Space toggles; Ctrl/Cmd+A selects every row of
 * the view; R/U/I mark read/unread/reading; S stars; T tags; Delete removes; Enter opens.
 * Columns follow the remembered layout; headers can be dragged to reorder and their edges to resize.
 */
export function LibraryTable(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = useMemo(
    () => makeColumns((row) => p.onMark([row.id], NEXT_STATUS[row.status]), p.onStar),
    [p.onMark, p.onStar],
  );
  const sortId = (s: SortColumn) => columns.find((c) => (c.meta as ColumnMeta).sort === s)?.id ?? s;
  const sorting: SortingState = p.query.sort ? [{ id: sortId(p.query.sort), desc: !!p.query.desc }] : [];

  const virtualizer = useVirtualizer({ count: p.total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12, scrollPaddingStart: ROW_HEIGHT });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => p.ensureRange(first, last), [first, last, p.ensureRange, p.version]);

  const data = useMemo(() => {
    const rows: PaperRow[] = [];
    for (let i = first; i <= last; i++) {
      const r = p.rowAt(i);
      if (r) rows.push(r);
    }
    return rows;
  }, [first, last, p.version, p.rowAt]);

  const visible = visibleColumns(p.layout);
  const table = useReactTable({
    data,
    columns,
    getRowId: (r) => String(r.id),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: {
      sorting,
      columnOrder: p.layout.order,
      columnVisibility: Object.fromEntries(p.layout.hidden.map((id) => [id, false])),
    },
  });
  const byId = table.getRowModel().rowsById;
  const headers = table.getHeaderGroups()[0]!.headers;
  const metaOf = (id: string) => table.getColumn(id)?.columnDef.meta as ColumnMeta | undefined;
  const template = gridTemplate({ ...p.layout, order: visible.filter((id) => metaOf(id)) }, metaOf);

  const sel = p.selection;
  const active = sel.active;

  const moveTo = (i: number, extend: boolean) => {
    const to = Math.max(0, Math.min(p.total - 1, i));
    p.onSelection(extend ? extendTo(sel, to) : single(to, p.rowAt(to)?.id ?? null));
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (p.total === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: p.total - 1 };
    const keys: Record<string, SelectionKey> = { r: 'read', u: 'unread', i: 'reading', s: 'star', t: 'tag', Delete: 'remove' };
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

  const onRowClick = (e: MouseEvent, i: number, id: number) => {
    if (e.shiftKey) p.onSelection(extendTo(sel, i));
    else if (e.ctrlKey || e.metaKey) p.onSelection(toggle(sel, i, id));
    else p.onSelection(single(i, id));
    scrollRef.current?.focus({ preventScroll: true });
  };

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
      <div className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const paper = p.rowAt(item.index);
          const row = paper ? byId[String(paper.id)] : undefined;
          const style = { transform: `translateY(${item.start}px)`, gridTemplateColumns: liveTemplate };
          if (!paper || !row) {
            return (
              <div key={`loading-${item.index}`} role="row" aria-rowindex={item.index + 2} className="grid-row loading" style={style}>
                <div role="gridcell" className="cell">…</div>
              </div>
            );
          }
          const selected = isSelected(sel, item.index, paper.id);
          return (
            <div
              key={paper.id}
              id={`row-${paper.id}`}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={selected}
              className={`grid-row status-row-${paper.status}${selected ? ' selected' : ''}${item.index === active ? ' active' : ''}`}
              style={style}
              onClick={(e) => onRowClick(e, item.index, paper.id)}
              onDoubleClick={() => p.onOpen(item.index)}
            >
              {row.getVisibleCells().map((cell) => (
                <div key={cell.id} role="gridcell" className={`cell cell-${cell.column.id}`}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
