import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Handlers, MethodParsedInput } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { assertReadableText, detectFormat, formatById } from '../import/detect';
import { commitImport, planImport, previewOf, type ImportPlan } from '../library/import';
import { hasPending, INDEX_INLINE, indexPending } from '../search/fts';

export const SAMPLE_DIGEST = 'sample-digest.txt';

type ImportHandlers = Pick<Handlers, 'previewImport' | 'commitImport' | 'sampleDigest'>;

export function importHandlers(ctx: CoreContext): ImportHandlers {
  const { db, now } = ctx;

  const plan = (input: MethodParsedInput<'previewImport'>, match: boolean): { plan: ImportPlan; text: string } => {
    const where = input.fileName ? path.basename(input.fileName) : 'the pasted text';
    const text = input.text.replace(/^\uFEFF/, '');
    assertReadableText(text, where);
    const format = input.format ? formatById(input.format) : detectFormat(text, input.fileName ?? null, where);
    const parsed = format.parse(text, { fileName: where, now: now() });
    const fallback = input.fileName ? path.basename(input.fileName) : `Pasted ${now().toISOString().slice(0, 10)}`;
    const hash = createHash('sha256').update(text).digest('hex');
    return { plan: planImport(db, parsed, format.label, fallback, hash, { match }), text };
  };

  return {
    previewImport: (input) => previewOf(plan(input, true).plan),
    commitImport: (input) => {
      const { plan: p, text } = plan(input, false);
      if (p.planned.length === 0 && p.parsed.problems.length > 0) {
        const first = p.parsed.problems[0]!;
        throw new LecternError('UNREADABLE', `No entry could be read: ${first.reason} (line ${first.line}). Nothing was imported.`);
      }
      const outcome = commitImport(db, p, text, input.fileName ? path.basename(input.fileName) : null, now().toISOString());
      if (outcome.added <= INDEX_INLINE) indexPending(db, INDEX_INLINE);
      ctx.scheduleIndexing();
      return { ...previewOf(p), ...outcome, searchable: !hasPending(db) };
    },
    sampleDigest: () => {
      if (!ctx.resourcesDir) throw new LecternError('NOT_FOUND', 'This Lectern was started without its resources folder.');
      try {
        return { fileName: SAMPLE_DIGEST, text: fs.readFileSync(path.join(ctx.resourcesDir, SAMPLE_DIGEST), 'utf8') };
      } catch {
        throw new LecternError('NOT_FOUND', `The sample digest is missing from this installation (${SAMPLE_DIGEST}).`);
      }
    },
  };
}
