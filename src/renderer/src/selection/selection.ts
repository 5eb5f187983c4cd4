import type { LibraryQuery, Target } from '../../../shared/query';

/**
 * The table's selection, by row position as well as by id, so "select all" and shift-ranges over
 * rows never loaded are still exact: the core resolves them in SQL (see targetSchema).
 */
export interface Selection {
  /** Index of the row with keyboard focus. */
  active: number;
  /** Where a shift-extension starts. */
  anchor: number;
  /** Rows chosen one by one (click, ctrl/cmd-click, Space). */
  ids: Set<number>;
  /** A shift-extended range of row positions in the current order. */
  range: [number, number] | null;
  /** Every row of the current query. */
  all: boolean;
  /** Rows taken out of the range or of "all" by ctrl/cmd-click. */
  except: Set<number>;
}

export const EMPTY_SELECTION: Selection = { active: 0, anchor: 0, ids: new Set(), range: null, all: false, except: new Set() };

export function isSelected(s: Selection, index: number, id: number): boolean {
  if (s.except.has(id)) return false;
  if (s.all) return true;
  if (s.range && index >= s.range[0] && index <= s.range[1]) return true;
  return s.ids.has(id);
}

export function selectedCount(s: Selection, total: number): number {
  if (s.all) return Math.max(0, total - s.except.size);
  const range = s.range ? Math.min(total - 1, s.range[1]) - s.range[0] + 1 : 0;
  return s.ids.size + Math.max(0, range) - s.except.size;
}

export function single(index: number, id: number | null): Selection {
  return { active: index, anchor: index, ids: new Set(id === null ? [] : [id]), range: null, all: false, except: new Set() };
}

/** Shift-click or Shift+arrow: the rows between the anchor and `to`. */
export function extendTo(s: Selection, to: number): Selection {
  const a = Math.min(s.anchor, to);
  const b = Math.max(s.anchor, to);
  return { active: to, anchor: s.anchor, ids: new Set(), range: [a, b], all: false, except: new Set() };
}

/** Ctrl/Cmd-click or Space: flip one row, keeping the rest. */
export function toggle(s: Selection, index: number, id: number): Selection {
  const inBulk = s.all || (s.range !== null && index >= s.range[0] && index <= s.range[1]);
  const ids = new Set(s.ids);
  const except = new Set(s.except);
  if (inBulk) {
    if (except.has(id)) except.delete(id);
    else except.add(id);
  } else if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return { ...s, active: index, anchor: index, ids, except };
}

export function selectAll(s: Selection): Selection {
  return { ...s, ids: new Set(), range: null, all: true, except: new Set() };
}

/** What the core needs to find the same papers, whatever is loaded here. */
export function toSpec(s: Selection, query: LibraryQuery, activeId: number | null): Target {
  const hasBulk = s.all || s.range !== null;
  if (!hasBulk && s.ids.size === 0) return { ids: activeId === null ? [] : [activeId] };
  return {
    ids: [...s.ids],
    query: s.all ? query : s.range ? { ...query, offset: s.range[0], limit: s.range[1] - s.range[0] + 1 } : null,
    except: [...s.except],
  };
}
