import type { ReadableDB } from './handles';

/** A table's columns, in their order (the schema as it is, whatever later migrations added). */
export function columnsOf(db: ReadableDB, table: string): string[] {
  return db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[];
}
