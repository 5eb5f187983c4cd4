import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/renderer/src/table/page-cache';

const PAGE = 10;
/** Rows of a query: "q:index", so where a row came from shows in the assertions. */
const rowsOf = (q: string, page: number) => Array.from({ length: PAGE }, (_, k) => `${q}:${page * PAGE + k}`);

/** Answers every request the cache asks for, in order, as the core would. */
function answerAll(c: PageCache<string, string>): number[] {
  const asked: number[] = [];
  for (let job = c.next(); job; job = c.next()) {
    asked.push(job.page);
    c.receive(job.gen, job.page, rowsOf(job.query, job.page));
  }
  return asked;
}

describe('PageCache', () => {
  it('asks only for the pages in view that it does not have', () => {
    const c = new PageCache<string, string>(PAGE);
    c.restart('a');
    expect(answerAll(c)).toEqual([0]);
    c.show(0, 25);
    expect(answerAll(c)).toEqual([1, 2]);
    c.show(15, 35);
    expect(answerAll(c)).toEqual([3]);
    expect(c.rowAt(35)).toBe('a:35');
    expect(c.rowAt(45)).toBeUndefined();
  });

  it('sends one request at a time and never one of an older query', () => {
    const c = new PageCache<string, string>(PAGE);
    c.restart('d');
    const first = c.next()!;
    expect(first.query).toBe('d');
    // Typed while the first request is out: "di", "dif", "diff".
    for (const q of ['di', 'dif', 'diff']) {
      c.restart(q);
      expect(c.next()).toBeNull();
    }
    expect(c.receive(first.gen, first.page, rowsOf('d', 0))).toBe(false); // dropped: an older query
    const sent = [];
    for (let job = c.next(); job; job = c.next()) {
      sent.push(job.query);
      c.receive(job.gen, job.page, rowsOf(job.query, job.page));
    }
    expect(sent).toEqual(['diff']);
    expect(c.rowAt(0)).toBe('diff:0');
  });

  it('keeps the old rows in view until the new query’s first page arrives', () => {
    const c = new PageCache<string, string>(PAGE);
    c.restart('a');
    c.show(0, 15);
    answerAll(c);
    c.restart('b');
    c.show(0, 15); // the view asks again before the answer: nothing but page 0 is sent
    expect(c.rowAt(12)).toBe('a:12');
    const job = c.next()!;
    expect([job.query, job.page, c.next()]).toEqual(['b', 0, null]);
    c.receive(job.gen, job.page, rowsOf('b', 0));
    expect(c.rowAt(3)).toBe('b:3');
    expect(c.rowAt(12)).toBeUndefined(); // page 1 of "a" is gone with the rest of "a"
    c.show(0, 15);
    expect(answerAll(c)).toEqual([1]);
  });

  it('refetches the pages in view after a change, showing them meanwhile, and forgets the others', () => {
    const c = new PageCache<string, string>(PAGE);
    c.restart('a');
    c.show(0, 45);
    answerAll(c);
    c.show(20, 35);
    c.refresh();
    expect(c.rowAt(25)).toBe('a:25'); // still shown while asked again
    expect(c.rowAt(5)).toBeUndefined(); // out of view: forgotten
    expect(answerAll(c)).toEqual([2, 3]);
  });

  it('drops an answer or an error of an older query, and reports its own', () => {
    const c = new PageCache<string, string>(PAGE);
    c.restart('a');
    const old = c.next()!;
    c.restart('b');
    expect(c.fail(old.gen, old.page)).toBe(false);
    const job = c.next()!;
    expect(c.fail(job.gen, job.page)).toBe(true);
    c.show(0, 5); // the failed page is asked for again when the view needs it
    expect(answerAll(c)).toEqual([0]);
  });

  it('lists the loaded rows that pass a test, in order', () => {
    const c = new PageCache<string, string>(PAGE);
    c.restart('a');
    c.show(20, 25);
    answerAll(c);
    c.show(0, 5);
    answerAll(c);
    expect(c.loadedWhere((r) => r.endsWith('1'))).toEqual([1, 21]);
  });
});
