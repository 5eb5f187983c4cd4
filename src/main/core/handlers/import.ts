import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import type { CoreContext } from '../context';

export const SAMPLE_DIGEST = 'sample-digest.txt';

type ImportHandlers = Pick<Handlers, 'previewImport' | 'commitImport' | 'sampleDigest'>;

/** The walk itself (parse, plan, commit) is ctx.imports: in the import worker where the host has one. */
export function importHandlers(ctx: CoreContext): ImportHandlers {
  return {
    previewImport: (input) => ctx.imports.preview(input, ctx.now()),
    commitImport: async (input) => {
      const outcome = await ctx.imports.commit(input, ctx.now());
      return { ...outcome, searchable: ctx.indexNew(outcome.added) };
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
