import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { rowLayout } from './row-layout';

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
  const layout = rowLayout(count, rowHeight, tall, tallHeight);
  const rows = layout.slots(view.top - headerHeight, view.height, overscan);

  /** Scrolls just enough to show the row whole (below the sticky header). */
  const scrollToIndex = useCallback(
    (i: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const at = rowLayout(i + 1, rowHeight, tall, tallHeight);
      const top = at.startOf(i);
      const bottom = headerHeight + top + at.sizeOf(i);
      if (top < el.scrollTop) el.scrollTop = top;
      else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
    },
    [scrollRef, headerHeight, rowHeight, tall, tallHeight],
  );

  return { rows, totalSize: layout.totalSize, scrollToIndex };
}
