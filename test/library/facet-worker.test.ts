import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localApi } from '../../src/main/core/local-api';
import { createCore, type Core } from '../../src/main/core/service';
import { LecternError } from '../../src/shared/errors';
import { readText } from '../helpers/core';
import { ROOT, SEED_DIGEST, tempDir } from '../helpers/paths';

const WORKER = path.join(ROOT, 'out', 'main', 'facets-worker.js');
const open: Core[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

describe('facet counts in a worker thread', () => {
  it('give the same counts as in the main thread, answer errors as errors, and let a newer request replace a waiting one', async () => {
    if (!fs.existsSync(WORKER)) throw new Error('The facet worker is not built: run `npm run build` first (npm test does).');
    const dir = tempDir();
    const inline = createCore({ dataDir: dir });
    open.push(inline);
    const a = localApi(inline);
    await a.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    await a.markPapers({ papers: { refs: ['1', '2'] }, status: 'read' });
    const worker = createCore({ dataDir: dir, facetsWorkerFile: WORKER });
    open.push(worker);
    const w = localApi(worker);

    const q = { statuses: ['unread' as const], search: 'language' };
    expect(await w.facetCounts({ query: q })).toEqual(await a.facetCounts({ query: q }));
    expect(await w.facetCounts({ query: {} })).toEqual(await a.facetCounts({ query: {} }));

    const bad = await w.facetCounts({ query: { upvotesMin: 9, upvotesMax: 1 } }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(LecternError);
    expect((bad as LecternError).code).toBe('BAD_INPUT');

    // Three at once: the first runs, the second waits and is replaced by the third.
    const results = await Promise.allSettled([w.facetCounts({ query: { statuses: ['read'] } }), w.facetCounts({ query: { starred: true } }), w.facetCounts({ query: { statuses: ['read'] } })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as LecternError).code).toBe('CONFLICT');
    expect((results[2] as PromiseFulfilledResult<{ total: number }>).value.total).toBe(2);
  });
});
