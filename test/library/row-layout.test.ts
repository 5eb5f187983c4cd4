import { describe, expect, it } from 'vitest';
import { rowLayout } from '../../src/renderer/src/table/row-layout';

/** The layout the slow way: every row's top, summed one by one. */
function naive(count: number, rowHeight: number, tall: number[], tallHeight: number) {
  const tops: number[] = [];
  let y = 0;
  const isTall = new Set(tall);
  for (let i = 0; i < count; i++) {
    tops.push(y);
    y += isTall.has(i) ? tallHeight : rowHeight;
  }
  return { tops, total: y, size: (i: number) => (isTall.has(i) ? tallHeight : rowHeight) };
}

describe('where the table’s rows sit', () => {
  it('places every row as summing the heights one by one would, with tall rows anywhere', () => {
    const tall = [0, 3, 4, 17, 40, 41, 99];
    const l = rowLayout(100, 30, tall, 46);
    const n = naive(100, 30, tall, 46);
    expect(l.totalSize).toBe(n.total);
    for (let i = 0; i < 100; i++) {
      expect(l.startOf(i), `row ${i}`).toBe(n.tops[i]);
      expect(l.sizeOf(i), `row ${i}`).toBe(n.size(i));
    }
    // Any pixel belongs to the row whose top is at or above it.
    for (let y = 0; y < n.total; y += 7) {
      const i = l.indexAt(y);
      expect(n.tops[i]! <= y && y < n.tops[i]! + n.size(i), `y ${y} in row ${i}`).toBe(true);
    }
  });

  it('gives the rows in view plus the overscan, clipped to the list', () => {
    const l = rowLayout(1000, 30, [], 46);
    expect(l.slots(0, 300, 4).map((r) => r.index)).toEqual([...Array(15).keys()]); // rows 0-10 in view, 4 more below
    const mid = l.slots(3000, 300, 4).map((r) => r.index);
    expect([mid[0], mid.at(-1)]).toEqual([96, 114]);
    expect(l.slots(29_800, 300, 4).at(-1)).toEqual({ index: 999, start: 29_970, size: 30 });
    expect(rowLayout(0, 30, [], 46).slots(0, 300, 4)).toEqual([]);
  });

  it('costs the same at a million rows: the last screen of a million, with tall rows near the top', () => {
    const tall = [2, 5, 9];
    const l = rowLayout(1_000_000, 30, tall, 46);
    expect(l.totalSize).toBe(30_000_000 + 3 * 16);
    const rows = l.slots(l.totalSize - 600, 600, 2);
    expect(rows.at(-1)).toEqual({ index: 999_999, start: 29_999_970 + 48, size: 30 });
    expect(rows).toHaveLength(20 + 2);
  });
});
