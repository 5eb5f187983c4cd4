import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Handlers, MethodParsedInput } from '../../shared/contract';
import { LecternError } from '../../shared/errors';
import { SCHEMA_VERSION } from './db/migrations';
import { openDatabase } from './db/open';
import { assertReadableText, detectFormat, formatById } from './import/detect';
import { commitImport, planImport, previewOf, type ImportPlan } from './library/import';
import { listDigests } from './library/digests';
import { getPaper, listPapers, markPapers } from './library/papers';
import { readRevision } from './library/revision';
import { hasPending, indexPending } from './search/fts';
import type { Logger } from './logger';

export const APP_VERSION = '0.1.0';
export const SAMPLE_DIGEST = 'sample-digest.txt';

/** Side effects the core needs, passed in so each host (app, CLI, server, tests) supplies its own. */
export interface CoreDeps {
  /** The library folder. */
  dataDir: string;
  now?: () => Date;
  logger?: Logger;
  nativeBinding?: string;
  /** The app's bundled resources (the sample digest). */
  resourcesDir?: string;
  /** Index new papers in the background (servers, the app); the CLI indexes before it exits. */
  backgroundIndexing?: boolean;
}

export interface Core {
  handlers: Handlers;
  db: Database;
  dataDir: string;
  /** Index everything still pending, now (CLI, tests). */
  finishIndexing(): void;
  close(): void;
}

export function createCore(deps: CoreDeps): Core {
  const dataDir = path.resolve(deps.dataDir);
  const db = openDatabase(dataDir, { nativeBinding: deps.nativeBinding });
  const now = deps.now ?? (() => new Date());
  let indexTimer: NodeJS.Timeout | null = null;
  let closed = false;

  // A batch at a time, yielding to the event loop between batches so requests keep flowing.
  const scheduleIndexing = () => {
    if (!deps.backgroundIndexing || indexTimer || closed) return;
    indexTimer = setTimeout(() => {
      indexTimer = null;
      if (closed) return;
      try {
        if (indexPending(db, 4000).pending) scheduleIndexing();
      } catch (e) {
        deps.logger?.error('search indexing failed', e);
      }
    }, 0);
  };
  scheduleIndexing(); // catch up on anything a crashed or killed process left unindexed

  const plan = (input: MethodParsedInput<'previewImport'>): { plan: ImportPlan; text: string } => {
    const where = input.fileName ? path.basename(input.fileName) : 'the pasted text';
    const text = input.text.replace(/^\uFEFF/, '');
    assertReadableText(text, where);
    const format = input.format ? formatById(input.format) : detectFormat(text, input.fileName ?? null, where);
    const parsed = format.parse(text, { fileName: where, now: now() });
    const fallback = input.fileName ? path.basename(input.fileName) : `Pasted ${now().toISOString().slice(0, 10)}`;
    const hash = createHash('sha256').update(text).digest('hex');
    return { plan: planImport(db, parsed, format.label, fallback, hash), text };
  };

  const handlers: Handlers = {
    libraryInfo: () => ({
      path: dataDir,
      papers: db.prepare('SELECT count(*) FROM paper').pluck().get() as number,
      digests: db.prepare('SELECT count(*) FROM digest').pluck().get() as number,
      schemaVersion: SCHEMA_VERSION,
      appVersion: APP_VERSION,
    }),
    revision: () => ({ revision: readRevision(db), indexing: hasPending(db) }),
    previewImport: (input) => previewOf(plan(input).plan),
    commitImport: (input) => {
      const { plan: p, text } = plan(input);
      if (p.planned.length === 0 && p.parsed.problems.length > 0) {
        throw new LecternError('UNREADABLE', `No entry could be read: ${p.parsed.problems[0]!.reason} (line ${p.parsed.problems[0]!.line}). Nothing was imported.`);
      }
      const outcome = commitImport(db, p, text, input.fileName ? path.basename(input.fileName) : null, now().toISOString());
      // Small imports are searchable at once; large ones catch up in the background.
      if (outcome.added <= 5000) indexPending(db, 5000);
      scheduleIndexing();
      return { ...previewOf(p), ...outcome, searchable: !hasPending(db) };
    },
    listPapers: (input) => listPapers(db, input),
    getPaper: (input) => getPaper(db, input.ref),
    markPapers: (input) => markPapers(db, input.refs, input.status, now().toISOString()),
    listDigests: () => listDigests(db),
    sampleDigest: () => {
      const file = path.join(deps.resourcesDir ?? '', SAMPLE_DIGEST);
      if (!deps.resourcesDir) throw new LecternError('NOT_FOUND', 'This Lectern was started without its resources folder.');
      try {
        return { fileName: SAMPLE_DIGEST, text: fs.readFileSync(file, 'utf8') };
      } catch {
        throw new LecternError('NOT_FOUND', `The sample digest is missing from this installation (${SAMPLE_DIGEST}).`);
      }
    },
  };

  return {
    handlers,
    db,
    dataDir,
    finishIndexing: () => {
      while (indexPending(db, 20000).pending);
    },
    close: () => {
      closed = true;
      if (indexTimer) clearTimeout(indexTimer);
      db.close();
    },
  };
}
