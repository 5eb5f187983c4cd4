import { afterEach, describe, expect, it } from 'vitest';
import { generatePapers, hfTextDigest } from '../../bench/generate';
import { countMatches, windowIds } from '../../src/main/core/library/window';
import { narrows } from '../../src/main/core/library/search-hits';
import { searchWindow } from '../../src/main/core/library/search-window';
import { SORT_COLUMNS } from '../../src/shared/model';
import type { Core } from '../../src/main/core/service';
import { readText, testCore } from '../helpers/core';
import { SEED_DIGEST } from '../helpers/paths';

const open: Core[] = [];
afterEach(() => open.splice(0).forEach((c) => c.close()));

describe('the quick search alone, answered in memory', () => {
  it('gives the same count and the same windows as the SQL path, for every sort, both ways, near and far', async () => {
    const { api, core } = testCore('2026-11-25T12:00:00Z');
    open.push(core);
    // Two digests, so the default order (newest digest first) differs from id order.
    await api.commitImport({ text: hfTextDigest(generatePapers(1500, 3)), fileName: 'a.txt' });
    await api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    await api.commitImport({ text: hfTextDigest(generatePapers(1500, 4)).replace(/Jan \d+/, 'Jan 7'), fileName: 'b.txt' });
    core.finishIndexing();
    await api.markPapers({ papers: { ids: [5, 9, 1200, 2100] }, status: 'read' });
    const now = new Date('2026-11-25T12:00:00Z');
    expect((await api.listPapers({})).total).toBeGreaterThan(2500);
    // Both ways of finding the window are exercised: many hits (a walk) and few (a sort).
    expect(searchWindow(core.db, { search: 'model' }, now, 0, 100)!.total * 20).toBeGreaterThan(2500);
    const rare = searchWindow(core.db, { search: 'preferen' }, now, 0, 100)!.total;
    expect(rare * 20).toBeLessThan(2500);
    expect(rare).toBeGreaterThan(0);
    let compared = 0;
    // Words in every generated paper (the walk), words of a few real ones (the sort), prefixes, a word in none.
    for (const search of ['model', 'mod', 'language model', 'pacemaker', 'preferen', 'zzzyx']) {
      for (const sort of [null, ...SORT_COLUMNS]) {
        for (const desc of [false, true]) {
          for (const offset of [0, 150]) {
            const q = { search, sort, desc };
            const fast = searchWindow(core.db, q, now, offset, 100)!;
            expect(fast, `${search} ${sort}`).not.toBeNull();
            const total = countMatches(core.db, q, now);
            expect(fast.total).toBe(total);
            expect(fast.ids, `${search} by ${sort} ${desc ? 'desc' : 'asc'} from ${offset}`).toEqual(offset < total ? windowIds(core.db, q, now, total, offset, 100) : []);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(6 * (SORT_COLUMNS.length + 1) * 4);
    // Other filters go the SQL way.
    expect(searchWindow(core.db, { search: 'model', statuses: ['read'] }, now, 0, 100)).toBeNull();
    // Notes are in the same index: a word of a note is found in memory, like the SQL path finds it.
    await api.setNote({ id: 7, note: 'read again for the quokka section' });
    await api.setNote({ id: 2200, note: 'quokka, and the model too' });
    const withNote = { search: 'quokka mod', sort: 'title' as const };
    expect(searchWindow(core.db, withNote, now, 0, 100)).toEqual({ total: 2, ids: windowIds(core.db, withNote, now, 2, 0, 100) });
    expect(countMatches(core.db, withNote, now)).toBe(2);
  });

  it('while a word is typed, each key gives what the SQL path gives (the last hits reused when they are the same papers)', async () => {
    const { api, core } = testCore('2026-11-25T12:00:00Z');
    open.push(core);
    await api.commitImport({ text: hfTextDigest(generatePapers(1200, 5)), fileName: 'a.txt' });
    await api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    core.finishIndexing();
    const now = new Date('2026-11-25T12:00:00Z');
    const typed = 'language models prefer';
    let reused = 0;
    for (let i = 1; i <= typed.length; i++) {
      const q = { search: typed.slice(0, i), sort: 'published' as const, desc: true };
      const fast = searchWindow(core.db, q, now, 0, 50);
      if (!fast) continue; // fewer than three letters: no search yet
      const total = countMatches(core.db, q, now);
      expect(fast.total, q.search).toBe(total);
      expect(fast.ids, q.search).toEqual(windowIds(core.db, q, now, total, 0, 50));
      if (i > 3 && fast.total === searchWindow(core.db, { ...q, search: typed.slice(0, i - 1) }, now, 0, 50)?.total) reused++;
    }
    expect(reused).toBeGreaterThan(3);
    // Growing the last word, or adding one, narrows; changing an earlier word or shortening does not.
    expect(narrows(['"lan"*'], ['"lang"*'])).toBe(true);
    expect(narrows(['"lan"*'], ['"language"'])).toBe(true);
    expect(narrows(['"language"'], ['"language"', '"mod"*'])).toBe(true);
    expect(narrows(['"language"'], ['"languages"'])).toBe(false);
    expect(narrows(['"lang"*'], ['"lan"*'])).toBe(false);
    expect(narrows(['"graph"', '"neu"*'], ['"graphs"', '"neu"*'])).toBe(false);
  });

  it('takes any word a user types: words the index splits, marks, symbols and FTS syntax', async () => {
    const { api, core } = testCore('2026-11-25T12:00:00Z');
    open.push(core);
    await api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    core.finishIndexing();
    const pacemaker = (await api.listPapers({ search: 'pacemaker' })).rows.map((r) => r.id);
    expect(pacemaker).toHaveLength(1);
    // "snake_case", a decomposed accent, a combining enclosing mark, FTS operators: no error, and
    // the words around them still count.
    for (const search of ['pacemaker_', 'pace_maker', 'pacemake\u0301r', 'pacemaker\u20dd', 'pacemaker AND', '"pacemaker" NEAR(', 'pacemaker*', '^pacemaker', 'pacemaker:']) {
      const r = await api.listPapers({ search });
      expect(r.total, search).toBeGreaterThanOrEqual(0);
    }
    expect((await api.listPapers({ search: 'pacemaker_' })).rows.map((r) => r.id)).toEqual(pacemaker);
    expect((await api.listPapers({ search: 'pacemake\u0301r' })).rows.map((r) => r.id)).toEqual(pacemaker);
    await api.setNote({ id: pacemaker[0]!, note: 'snake_case_words here' });
    expect((await api.listPapers({ search: 'snake_case' })).rows.map((r) => r.id)).toEqual(pacemaker);
    expect((await api.listPapers({ search: 'snake_case', statuses: ['unread'] })).rows.map((r) => r.id)).toEqual(pacemaker);
  });
});
