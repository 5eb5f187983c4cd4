import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

export interface RowSlot {
  index: number;
  /** Top of the row in the body, in px. */
  start: number;
  size: number;
}

interface Options {
  count: number;
  scrollRef: RefObject<HTMLElement | null>;
  rowHeight: number;
  /** The few rows that are taller (sorted indexes), and their height. */
  tall: readonly number[];
  tallHeight: number;
  /** Rows drawn beyond each edge of the view. */
  overscan: number;
  /** Height of the sticky header above the body, inside the scroller. */
  headerHeight: number;
}

/** How many entries of the sorted list are below `i`. */
function below(sorted: readonly number[], i: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The rows of a long list that are in view, and where each sits. Rows have one height except a
 * few taller ones, so any row's place is arithmetic (its index, plus the tall rows above it): a
 * list of a million rows costs the same as one of a hundred, where a general virtualizer measures
 * every row again whenever the count changes (at each key typed in the search).
 */
export function useRowWindow(o: Options) {
  const [view, setView] = useState({ top: 0, height: 0 });
  const { scrollRef } = o;
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const update = () => setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    update();
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scrollRef]);

  const { count, rowHeight, tall, tallHeight, overscan, headerHeight } = o;
  const extra = tallHeight - rowHeight;
  const startOf = (i: number) => i * rowHeight + extra * below(tall, i);
  const sizeOf = (i: number) => (tall[below(tall, i)] === i ? tallHeight : rowHeight);
  /** The row at `y` px into the body (the last row whose top is at or above it). */
  const indexAt = (y: number) => {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (startOf(mid) <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const rows: RowSlot[] = [];
  if (count > 0) {
    const first = Math.max(0, indexAt(view.top - headerHeight) - overscan);
    const last = Math.min(count - 1, indexAt(view.top - headerHeight + view.height) + overscan);
    for (let i = first; i <= last; i++) rows.push({ index: i, start: startOf(i), size: sizeOf(i) });
  }
  const totalSize = count * rowHeight + extra * tall.length;

  /** Scrolls just enough to show the row whole (below the sticky header). */
  const scrollToIndex = useCallback(
    (i: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const k = below(tall, i);
      const top = headerHeight + i * rowHeight + extra * k;
      const bottom = top + (tall[k] === i ? tallHeight : rowHeight);
      if (top - headerHeight < el.scrollTop) el.scrollTop = top - headerHeight;
      else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
    },
    [scrollRef, headerHeight, rowHeight, extra, tall, tallHeight],
  );

  return { rows, totalSize, scrollToIndex };
}
