import type { Database } from 'better-sqlite3';
import { m001Initial } from './001-initial';
import { m004Organize } from './004-organize';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** Every migration ever shipped, in order. Never edit one that has shipped; add the next. */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m004Organize];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
