import { useEffect, useMemo, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PaperRow, SortColumn, Status } from '../../../shared/model';
import { makeColumns, NEXT_STATUS, type ColumnMeta } from './columns';
import type { PdfActions } from '../downloads/PdfCell';
import { type TableQuery } from './usePagedRows';

const ROW_HEIGHT = 30;
/** While searching, rows have a second line for where the PDF's text matched. */
const SEARCH_ROW_HEIGHT = 46;

export interface Selection {
  ids: Set<number>;
  /** Index of the row with keyboard focus. */
  active: number;
  /** Where a shift-extension starts. */
  anchor: number;
}

interface Props {
  query: TableQuery;
  onSort: (sort: SortColumn | null, desc: boolean) => void;
  total: number;
  rowAt: (i: number) => PaperRow | undefined;
  ensureRange: (first: number, last: number) => void;
  version: number;
  selection: Selection;
  onSelection: (s: Selection) => void;
  onMark: (ids: number[], status: Status) => void;
  pdf: PdfActions;
  onOpen: (i: number) => void;
  onSearchKey: () => void;
}

/**
 * The library as an ARIA grid. Rows are virtualized (only those in view are in the DOM) and
 * fetched a page at a time; sorting is done by the core. Keyboard: arrows, PageUp/PageDown,
 * Home/End move; Shift extends; Space toggles; R/U/I mark read/unread/reading; D downloads
 * the PDFs; Enter opens.
 */
export function LibraryTable(p: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = useMemo(() => makeColumns((row) => p.onMark([row.id], NEXT_STATUS[row.status]), p.pdf), [p.onMark, p.pdf]);
  const sorting: SortingState = p.query.sort ? [{ id: p.query.sort === 'added' ? 'addedAt' : p.query.sort, desc: p.query.desc }] : [];

  const rowHeight = p.query.search.trim() ? SEARCH_ROW_HEIGHT : ROW_HEIGHT;
  const virtualizer = useVirtualizer({ count: p.total, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12, scrollPaddingStart: ROW_HEIGHT });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
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

  const table = useReactTable({
    data,
    columns,
    getRowId: (r) => String(r.id),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    state: { sorting },
  });
  const byId = table.getRowModel().rowsById;
  const headers = table.getHeaderGroups()[0]!.headers;
  const template = headers.map((h) => (h.column.columnDef.meta as ColumnMeta).width).join(' ');

  const { ids, active } = p.selection;
  const idsAt = (a: number, b: number) => {
    const out: number[] = [];
    for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
      const r = p.rowAt(i);
      if (r) out.push(r.id);
    }
    return out;
  };

  const moveTo = (i: number, extend: boolean) => {
    const to = Math.max(0, Math.min(p.total - 1, i));
    const anchor = extend ? p.selection.anchor : to;
    p.onSelection({ ids: new Set(idsAt(anchor, to)), active: to, anchor });
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (p.total === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / rowHeight) - 1);
    const target = () => (ids.size ? [...ids] : idsAt(active, active));
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: p.total - 1 };
    const marks: Record<string, Status> = { r: 'read', u: 'unread', i: 'reading' };
    const modifier = e.ctrlKey || e.metaKey || e.altKey;
    if (key in moves) moveTo(moves[key]!, e.shiftKey);
    else if (key === ' ') toggle(active);
    else if (key === 'a' && (e.ctrlKey || e.metaKey)) p.onSelection({ ids: new Set(idsAt(first, last)), active, anchor: p.selection.anchor });
    else if (!modifier && key in marks) p.onMark(target(), marks[key]!);
    else if (!modifier && key === 'd') p.pdf.onDownload(target());
    else if (!modifier && key === 'Enter') p.onOpen(active);
    else if (!modifier && key === '/') p.onSearchKey();
    else return;
    e.preventDefault();
  };

  const toggle = (i: number) => {
    const r = p.rowAt(i);
    if (!r) return;
    const next = new Set(ids);
    if (next.has(r.id)) next.delete(r.id);
    else next.add(r.id);
    p.onSelection({ ids: next, active: i, anchor: i });
  };

  const onRowClick = (e: MouseEvent, i: number, id: number) => {
    if (e.shiftKey) p.onSelection({ ids: new Set(idsAt(p.selection.anchor, i)), active: i, anchor: p.selection.anchor });
    else if (e.ctrlKey || e.metaKey) toggle(i);
    else p.onSelection({ ids: new Set([id]), active: i, anchor: i });
    scrollRef.current?.focus({ preventScroll: true });
  };

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
      <div className="grid-header" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {headers.map((h) => {
          const meta = h.column.columnDef.meta as ColumnMeta;
          const isSorted = !!meta.sort && p.query.sort === meta.sort;
          return (
            <div key={h.id} role="columnheader" aria-sort={isSorted ? (p.query.desc ? 'descending' : 'ascending') : meta.sort ? 'none' : undefined} className="cell">
              {meta.sort ? (
                <button
                  type="button"
                  className="sort-button"
                  tabIndex={-1}
                  onClick={() => (isSorted && p.query.desc ? p.onSort(null, false) : p.onSort(meta.sort!, isSorted))}
                  title="Sort"
                >
                  {flexRender(h.column.columnDef.header, h.getContext())}
                  <span aria-hidden="true" className="sort-mark">{isSorted ? (p.query.desc ? '▼' : '▲') : ''}</span>
                </button>
              ) : (
                flexRender(h.column.columnDef.header, h.getContext())
              )}
            </div>
          );
        })}
      </div>
      <div className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const paper = p.rowAt(item.index);
          const row = paper ? byId[String(paper.id)] : undefined;
          const style = { transform: `translateY(${item.start}px)`, gridTemplateColumns: template, height: rowHeight };
          if (!paper || !row) {
            return (
              <div key={`loading-${item.index}`} role="row" aria-rowindex={item.index + 2} className="grid-row loading" style={style}>
                <div role="gridcell" className="cell">…</div>
              </div>
            );
          }
          const selected = ids.has(paper.id);
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
