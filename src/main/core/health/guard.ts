import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../../../shared/contract';
import { LecternError } from '../../../shared/errors';
import { isCorruption } from '../backup/check';
import { SUSPECT_MARKER } from '../backup/files';
import type { Logger } from '../logger';

/** Leaves the marker that makes the next start check the library in full (and restore if need be). */
export function markSuspect(dataDir: string, why: string): void {
  try {
    fs.writeFileSync(path.join(dataDir, SUSPECT_MARKER), `${new Date().toISOString()} ${why}\n`, { flag: 'a' });
  } catch {}
}

function damaged(e: unknown, dataDir: string, logger: Logger): never {
  if (!isCorruption(e)) throw e;
  const why = (e as Error).message;
  markSuspect(dataDir, why);
  logger.error(`the library database reports damage: ${why}`);
  throw new LecternError(
    'LIBRARY_DAMAGED',
    `The library file is damaged (${why}). Nothing more was written. When Lectern next starts it checks the file and, if it is damaged, sets it aside and restores your newest backup; \`lectern doctor\` shows the details now.`,
    dataDir,
  );
}

/** Every handler, such that SQLite reporting a damaged file becomes LIBRARY_DAMAGED plus the marker. */
export function guardDamage(handlers: Handlers, dataDir: string, logger: Logger): Handlers {
  const out = {} as Record<string, (input: unknown) => unknown>;
  for (const [name, h] of Object.entries(handlers) as [string, (input: unknown) => unknown][]) {
    out[name] = (input) => {
      try {
        const r = h(input);
        return r instanceof Promise ? r.catch((e: unknown) => damaged(e, dataDir, logger)) : r;
      } catch (e) {
        return damaged(e, dataDir, logger);
      }
    };
  }
  return out as Handlers;
}
