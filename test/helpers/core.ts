import fs from 'node:fs';
import path from 'node:path';
import { createCore, type Core, type CoreDeps } from '../../src/main/core/service';
import { localApi } from '../../src/main/core/local-api';
import { ROOT, tempDir } from './paths';

/** A core on a fresh library folder in /tmp, with a fixed clock. */
export function testCore(now = '2026-11-25T12:00:00Z', dir = tempDir(), extra: Partial<CoreDeps> = {}) {
  const core: Core = createCore({ dataDir: dir, now: () => new Date(now), resourcesDir: path.join(ROOT, 'resources'), ...extra });
  return { core, api: localApi(core), dir };
}

/** The built text extraction thread; the tests that extract text run after `npm run build`, as the CLI tests do. */
export function builtTextWorker(): string {
  const file = path.join(ROOT, 'out', 'main', 'fulltext-worker.js');
  if (!fs.existsSync(file)) throw new Error('The text extraction worker is not built: run `npm run build` first (npm test does).');
  return file;
}

/** Everything a user could lose, as plain data: compare before and after a failed operation. */
export function snapshot(core: Core) {
  const db = core.db;
  return {
    papers: db.prepare('SELECT * FROM paper ORDER BY id').all(),
    digests: db.prepare('SELECT * FROM digest ORDER BY id').all(),
    links: db.prepare('SELECT * FROM paper_digest ORDER BY paper_id, digest_id').all(),
    meta: db.prepare('SELECT * FROM meta ORDER BY key').all(),
  };
}

export function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
