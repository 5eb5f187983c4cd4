/** Where the table's rows sit: plain numbers, tested without a browser. */

export interface RowSlot {
  index: number;
  /** Top of the row in the body, in px. */
  start: number;
  size: number;
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
 * Where each row of a list sits when rows are `rowHeight` tall except those in `tall` (sorted
 * indexes), which are `tallHeight`: a row's top is its index times the height plus the extra of
 * the tall rows above it, found by binary search.
 */
export function rowLayout(count: number, rowHeight: number, tall: readonly number[], tallHeight: number) {
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
  return {
    startOf,
    sizeOf,
    indexAt,
    totalSize: count * rowHeight + extra * tall.length,
    /** The rows from `top` px into the body over `height` px, with `overscan` more at each end. */
    slots(top: number, height: number, overscan: number): RowSlot[] {
      const out: RowSlot[] = [];
      if (count === 0) return out;
      const first = Math.max(0, indexAt(top) - overscan);
      const last = Math.min(count - 1, indexAt(top + height) + overscan);
      for (let i = first; i <= last; i++) out.push({ index: i, start: startOf(i), size: sizeOf(i) });
      return out;
    },
  };
}
