import { m001Initial } from './001-initial';
import { m002Downloads } from './002-downloads';
import { m003Reader } from './003-reader';
import { m005Trust } from './005-trust';
import { m006Organize } from './006-organize';
import { m007NoteSearch } from './007-note-search';
import { m008Subscriptions } from './008-subscriptions';
import { m009OnePdfRecord } from './009-one-pdf-record';
import { m010Works } from './010-works';

import type { Migration } from './migration';

export type { Migration };

/** Every migration ever shipped, in order. Never edit one that has shipped; add the next. */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002Downloads, m003Reader, m005Trust, m006Organize, m007NoteSearch, m008Subscriptions, m009OnePdfRecord, m010Works];
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
