import type { Table } from '@tanstack/react-table';
import type { PaperRow } from '../../../shared/model';
import type { PdfActions } from '../downloads/PdfCell';

/**
 * What the cells' buttons do. The table gives it as its meta, one object for every row, so the
 * column definitions are built once and never depend on the app's callbacks.
 */
export interface CellActions {
  /** The status pill: one row's next status. */
  status: (row: PaperRow) => void;
  star: (row: PaperRow) => void;
  pdf: PdfActions;
}

/** The actions of the table a cell is drawn in. */
export const cellActions = (c: { table: Table<PaperRow> }) => c.table.options.meta as unknown as CellActions;
