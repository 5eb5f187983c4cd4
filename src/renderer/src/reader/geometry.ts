/**
 * Where the reader is, as plain numbers: pure functions over the pages' boxes in the scroll
 * container, so they are tested without a browser. A box's top is in the container's scroll
 * coordinates (0 = the top of the first page's margin).
 */
export interface PageBox {
  top: number;
  height: number;
}

/** Looks a page's box up (0-based); the caller reads it from the DOM only when asked. */
type BoxOf = (index: number) => PageBox;

/** The page at the top of the view (1-based) and how far into it (0..1 of its height). */
export function positionAt(scrollTop: number, count: number, boxOf: BoxOf): { page: number; offset: number } {
  if (count <= 0) return { page: 1, offset: 0 };
  // The first page whose bottom is below the top of the view.
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const b = boxOf(mid);
    if (b.top + b.height <= scrollTop) lo = mid + 1;
    else hi = mid;
  }
  const b = boxOf(lo);
  const offset = b.height > 0 ? (scrollTop - b.top) / b.height : 0;
  return { page: lo + 1, offset: clamp(offset, 0, 1) };
}

/** The scrollTop that puts `offset` of page `page` at the top of the view. */
export function scrollTopFor(page: number, offset: number, count: number, boxOf: BoxOf): number {
  const i = clamp(Math.round(page), 1, Math.max(1, count)) - 1;
  const b = boxOf(i);
  return Math.max(0, Math.round(b.top + clamp(offset, 0, 1) * b.height));
}

/**
 * The last page the reader can be said to have seen: the furthest one with at least half of it,
 * or half the view, visible. The last page counts only once its bottom is in view (reaching it
 * offers to mark the paper read), which scrolling to the very bottom always does.
 */
export function seenPage(view: { scrollTop: number; height: number; scrollHeight: number }, count: number, boxOf: BoxOf): number {
  if (count <= 0) return 0;
  if (view.scrollTop + view.height >= view.scrollHeight - 2) return count;
  const bottom = view.scrollTop + view.height;
  const top = positionAt(view.scrollTop, count, boxOf).page;
  // The page being read counts, unless it is the last one and its end is not in view yet.
  let seen = top === count ? count - 1 : top;
  for (let i = top - 1; i < count; i++) {
    const b = boxOf(i);
    if (b.top >= bottom) break;
    if (i === count - 1) {
      if (b.top + b.height <= bottom + 2) seen = count;
      break;
    }
    const visible = Math.min(bottom, b.top + b.height) - Math.max(view.scrollTop, b.top);
    if (visible >= Math.min(b.height, view.height) / 2) seen = Math.max(seen, i + 1);
  }
  return seen;
}

const ZOOM_STEPS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];

/** The next zoom step above or below a scale. */
export function stepZoom(scale: number, direction: 1 | -1): number {
  if (direction > 0) return ZOOM_STEPS.find((s) => s > scale + 1e-3) ?? ZOOM_STEPS.at(-1)!;
  return [...ZOOM_STEPS].reverse().find((s) => s < scale - 1e-3) ?? ZOOM_STEPS[0]!;
}

/** A page number typed by the user, or null if it is not one of this document's pages. */
export function parsePageInput(text: string, count: number): number | null {
  const t = text.trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  const n = Number(t);
  return n >= 1 && n <= count ? n : null;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
