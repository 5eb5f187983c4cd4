import fs from 'node:fs';
import path from 'node:path';
import type { Api } from '../../src/shared/contract';
import type { PaperRow } from '../../src/shared/model';
import { readText, testCore } from './core';
import { ROOT, SEED_DIGEST } from './paths';

export const SAMPLE_DIGEST = path.join(ROOT, 'resources', 'sample-digest.txt');

/**
 * A library with the seed Daily Papers page (29 papers) and the bundled sample digest (6), as a
 * user would have after importing both, with a fixed clock.
 */
export async function twoDigestLibrary(now = '2026-11-25T12:00:00Z') {
  const t = testCore(now);
  const seed = await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'hf-daily-papers-page.txt' });
  const sample = await t.api.commitImport({ text: fs.readFileSync(SAMPLE_DIGEST, 'utf8'), fileName: 'sample-digest.txt' });
  return { ...t, seedDigest: seed.digestId, sampleDigest: sample.digestId };
}

/** Every row of a query (all pages), for comparing with what a plain JS filter says. */
export async function allRows(api: Api, q: Parameters<Api['listPapers']>[0] = {}): Promise<PaperRow[]> {
  const out: PaperRow[] = [];
  for (let offset = 0; ; offset += 7) {
    const page = await api.listPapers({ ...q, offset, limit: 7 });
    out.push(...page.rows);
    if (out.length >= page.total || page.rows.length === 0) return out;
  }
}

export async function idOf(api: Api, title: RegExp): Promise<number> {
  const rows = await allRows(api);
  const r = rows.find((x) => title.test(x.title));
  if (!r) throw new Error(`no paper matches ${title}`);
  return r.id;
}
