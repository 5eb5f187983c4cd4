import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** ../shared beside the checkout: the corpus and fixtures others wrote (never copied in). */
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const SEED_DIGEST = path.join(SHARED, 'fixtures', 'digests', 'hf-daily-papers-page.txt');

export function tempDir(prefix = 'lectern-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
