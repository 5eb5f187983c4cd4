import type { PaperRow, SortColumn } from '../../../shared/model';

/** What the table and its layout know of a column besides how to draw it. */
export interface ColumnMeta {
  /** The core's sort for this column; null when it cannot be sorted. */
  sort: SortColumn | null;
  /**
   * Its default CSS grid track; the user's resizing replaces it with pixels. Most columns are as
   * wide as their content needs; the title takes six shares of the width left, authors one and
   * tags half, so the title gets the room (50 characters at 1400 px with both panes).
   */
  width: string;
  /** Hidden until the user shows it (the Columns menu). */
  hiddenByDefault?: boolean;
  /** The cell's hover text, where the cell may cut its text short. */
  hover?: (row: PaperRow) => string;
}
