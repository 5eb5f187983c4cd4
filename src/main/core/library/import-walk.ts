import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ImportPreview } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import { assertReadableText, detectFormat, formatById } from '../import/detect';
import { commitImport, planImport, previewOf, type ImportPlan } from './import';

export interface ImportText {
  text: string;
  fileName?: string | null;
  format?: string | null;
}

export type CommitRequest = ImportText | { plan: string };

export type ImportOutcome = ImportPreview & { digestId: number; added: number; merged: number };

export interface ImportWalk {
  /** Parses and plans, writing nothing; the plan is kept under its planKey for a commit. */
  preview(input: ImportText, now: Date): ImportPreview;
  /** Writes a kept plan (by key) or the given text in one transaction. */
  commit(input: CommitRequest, now: Date): ImportOutcome;
}

interface Kept {
  plan: ImportPlan;
  text: string;
  sourceName: string | null;
  at: number;
}

/** Plans kept for a commit: the two newest, for half an hour, and no more text than one largest digest. */
const KEEP_PLANS = 2;
const KEEP_MS = 30 * 60 * 1000;

/**
 * The import, start to end, over one connection: text → format → parsed entries → plan (matched
 * against the library, read-only) → one transaction. A preview keeps its plan under the content's
 * hash, so the commit that follows sends neither the text again nor parses it twice. Runs in the
 * import worker (app, server) or in the caller's thread (CLI, tests).
 */
export function importWalk(db: Database, maxKeptChars: number): ImportWalk {
  const kept = new Map<string, Kept>();

  const plan = (input: ImportText, now: Date): Kept => {
    const where = input.fileName ? path.basename(input.fileName) : 'the pasted text';
    const text = input.text.replace(/^\uFEFF/, '');
    assertReadableText(text, where);
    const format = input.format ? formatById(input.format) : detectFormat(text, input.fileName ?? null, where);
    const parsed = format.parse(text, { fileName: where, now });
    const fallback = input.fileName ? path.basename(input.fileName) : `Pasted ${now.toISOString().slice(0, 10)}`;
    const hash = createHash('sha256').update(text).digest('hex');
    return { plan: planImport(db, parsed, format.label, fallback, hash), text, sourceName: input.fileName ? path.basename(input.fileName) : null, at: Date.now() };
  };

  const keep = (k: Kept) => {
    kept.delete(k.plan.contentHash);
    kept.set(k.plan.contentHash, k); // the newest last
    const now = Date.now();
    let chars = 0;
    [...kept].reverse().forEach(([key, v], i) => {
      chars += v.text.length;
      if (i >= KEEP_PLANS || now - v.at > KEEP_MS || (i > 0 && chars > maxKeptChars)) kept.delete(key);
    });
  };

  return {
    preview: (input, now) => {
      const k = plan(input, now);
      keep(k);
      return previewOf(k.plan);
    },
    commit: (input, now) => {
      let k: Kept;
      if ('plan' in input) {
        const found = kept.get(input.plan);
        if (!found) throw new LecternError('NOT_FOUND', 'This preview is no longer kept (it was replaced or is more than 30 minutes old): import the digest again.');
        k = found;
      } else k = plan(input, now);
      const p = k.plan;
      if (p.planned.length === 0 && p.parsed.problems.length > 0) {
        const first = p.parsed.problems[0]!;
        throw new LecternError('UNREADABLE', `No entry could be read: ${first.reason} (line ${first.line}). Nothing was imported.`);
      }
      const { matches, digestId, added, merged } = commitImport(db, p, k.text, k.sourceName, now.toISOString());
      kept.delete(p.contentHash);
      return { ...previewOf(p, matches), digestId, added, merged };
    },
  };
}
