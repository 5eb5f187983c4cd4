/**
 * The table's rows as pages fetched from the core, as plain data: which pages to ask for, which
 * answers to keep, what to show meanwhile. No React and no requests here (table/usePagedRows.ts
 * sends them), so every rule below is tested without a browser.
 *
 * - A new query starts a new generation: answers to older ones are dropped. Its rows replace the
 *   old ones only when its first page arrives, so the table never flashes empty.
 * - A new revision (the data changed) refetches the pages in view without blanking them and
 *   forgets the pages out of view.
 * - One request at a time; a request of an older generation still waiting is never sent, so fast
 *   typing costs the core one query per pause, not one per key.
 */
export class PageCache<Row, Query> {
  private query: Query | null = null;
  private pages = new Map<number, Row[]>();
  private inflight = new Set<number>();
  private waiting: { gen: number; page: number }[] = [];
  private busy = false;
  private generation = 0;
  /** Pages from an older query, shown until the new query's first page arrives. */
  private stale = false;
  private visible: [number, number] = [0, 0];

  constructor(readonly pageSize: number) {}

  /** A new query: its first page is asked for. */
  restart(query: Query): void {
    this.query = query;
    this.generation++;
    this.stale = this.pages.size > 0;
    this.inflight.clear();
    this.want(0);
  }

  /** The data changed: the pages in view are asked for again, the others forgotten. */
  refresh(): void {
    this.generation++;
    this.inflight.clear();
    const [a, b] = this.visible;
    for (const p of [...this.pages.keys()]) if (p < a || p > b) this.pages.delete(p);
    for (let p = a; p <= b; p++) this.want(p);
  }

  /** The rows in view are `first`..`last`: the pages they need and do not have are asked for. */
  show(first: number, last: number): void {
    const a = Math.floor(Math.max(0, first) / this.pageSize);
    const b = Math.floor(Math.max(0, last) / this.pageSize);
    this.visible = [a, b];
    if (this.stale) return; // the new query's first page decides what else is needed
    for (let p = a; p <= b; p++) if (!this.pages.has(p) && !this.inflight.has(p)) this.want(p);
  }

  private want(page: number): void {
    this.inflight.add(page);
    this.waiting = this.waiting.filter((w) => w.gen === this.generation);
    this.waiting.push({ gen: this.generation, page });
  }

  /**
   * The next request to send (always of the current query), or null while one is out or
   * nothing waits. The caller answers it with `receive` or `fail`, then asks again.
   */
  next(): { gen: number; page: number; query: Query; offset: number; limit: number } | null {
    if (this.busy) return null;
    this.waiting = this.waiting.filter((w) => w.gen === this.generation);
    const job = this.waiting.shift();
    if (!job || this.query === null) return null;
    this.busy = true;
    return { ...job, query: this.query, offset: job.page * this.pageSize, limit: this.pageSize };
  }

  /** A page's rows arrived; false when they belong to an older query and were dropped. */
  receive(gen: number, page: number, rows: Row[]): boolean {
    this.busy = false;
    if (gen !== this.generation) return false;
    if (this.stale) {
      this.stale = false;
      this.pages.clear();
    }
    this.pages.set(page, rows);
    this.inflight.delete(page);
    return true;
  }

  /** A request failed; false when it belonged to an older query (its error is not shown). */
  fail(gen: number, page: number): boolean {
    this.busy = false;
    if (gen !== this.generation) return false;
    this.inflight.delete(page);
    return true;
  }

  rowAt(i: number): Row | undefined {
    return this.pages.get(Math.floor(i / this.pageSize))?.[i % this.pageSize];
  }

  /** Indexes of the loaded rows that pass the test, in order. */
  loadedWhere(test: (row: Row) => boolean): number[] {
    const out: number[] = [];
    for (const page of [...this.pages.keys()].sort((a, b) => a - b)) {
      this.pages.get(page)!.forEach((row, k) => {
        if (test(row)) out.push(page * this.pageSize + k);
      });
    }
    return out;
  }
}
