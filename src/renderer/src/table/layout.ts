import type { ColumnLayout } from '../../../shared/query';
import type { ColumnMeta } from './column-meta';

export interface LayoutColumn {
  id: string;
  header: string;
  meta: ColumnMeta;
}

export const LAYOUT_KEY = 'table.layout';
export const MIN_WIDTH = 36;

/** Where the default layout puts the columns it knows; others follow in their declared order. */
const PREFERRED = ['starred', 'status', 'title', 'authors', 'published', 'digest', 'tags', 'upvotes', 'pdf', 'progress'];

/** The default: the preferred order, the rarely needed columns hidden. */
export function defaultLayout(columns: LayoutColumn[]): ColumnLayout {
  const ids = columns.map((c) => c.id);
  const order = [...PREFERRED.filter((id) => ids.includes(id)), ...ids.filter((id) => !PREFERRED.includes(id))];
  return { order, hidden: columns.filter((c) => c.meta.hiddenByDefault).map((c) => c.id), widths: {} };
}

/**
 * A remembered layout made to fit today's columns: ids no longer known are dropped, and columns
 * added since (by a newer Lectern) appear where they were declared, with their default visibility.
 */
export function fitLayout(layout: ColumnLayout, columns: LayoutColumn[]): ColumnLayout {
  const known = new Set(columns.map((c) => c.id));
  const order = layout.order.filter((id) => known.has(id));
  columns.forEach((c, i) => {
    if (order.includes(c.id)) return;
    const before = columns.slice(0, i).map((x) => x.id).reverse().find((id) => order.includes(id));
    order.splice(before ? order.indexOf(before) + 1 : 0, 0, c.id);
    if (c.meta.hiddenByDefault && !layout.hidden.includes(c.id)) layout = { ...layout, hidden: [...layout.hidden, c.id] };
  });
  return { order, hidden: layout.hidden.filter((id) => known.has(id)), widths: Object.fromEntries(Object.entries(layout.widths).filter(([id]) => known.has(id))) };
}

export function visibleColumns(layout: ColumnLayout): string[] {
  return layout.order.filter((id) => !layout.hidden.includes(id));
}

/** The CSS grid tracks: resized columns in pixels, the others their default; something always fills. */
export function gridTemplate(layout: ColumnLayout, metaOf: (id: string) => ColumnMeta | undefined): string {
  const tracks = visibleColumns(layout).map((id) => (layout.widths[id] ? `${layout.widths[id]}px` : (metaOf(id)?.width ?? '100px')));
  if (!tracks.some((t) => t.includes('fr'))) tracks.push('minmax(0, 1fr)');
  return tracks.join(' ');
}

export function moveColumn(layout: ColumnLayout, id: string, to: number): ColumnLayout {
  const order = layout.order.filter((x) => x !== id);
  order.splice(Math.max(0, Math.min(order.length, to)), 0, id);
  return { ...layout, order };
}

export function acceptLayout(v: unknown): ColumnLayout | null {
  const l = v as Partial<ColumnLayout> | null;
  if (!l || !Array.isArray(l.order) || !Array.isArray(l.hidden) || typeof l.widths !== 'object' || l.widths === null) return null;
  return { order: l.order.map(String), hidden: l.hidden.map(String), widths: l.widths as Record<string, number> };
}
