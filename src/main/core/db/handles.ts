import type { Database } from 'better-sqlite3';

/**
 * The two ways into the library, after Signal Desktop's ReadableDB/WritableDB, so that "this
 * only reads" is checked by the compiler rather than promised in a comment:
 *
 * - ReadableDB is what a query that only reads takes (a preview, a list, the facets). It has what
 *   reading needs (statements, temporary tables, a transaction for a consistent view) and lacks
 *   the rest of the connection, so it is accepted by no function that takes a WritableDB (or a
 *   plain Database): a read path that calls a write is a type error.
 * - WritableDB is the connection itself, for writes; it is also a ReadableDB.
 */
export type ReadableDB = Pick<Database, 'prepare' | 'exec' | 'transaction' | 'pragma'>;
export type WritableDB = Database;
