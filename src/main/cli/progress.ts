import type { Api } from '../../shared/contract';
import type { WorkStatus } from '../../shared/methods/arxiv';
import { formatWait } from '../core/arxiv/client';
import type { WorkEvent } from '../core/jobs/events';
import type { CliIo } from './context';

interface RunTally {
  downloaded: number;
  failed: { title: string; reason: string }[];
  matched: number;
  enriched: number;
  review: number;
  unmatched: number;
  resolveFailed: number;
  /** DOIs Crossref knew, and did not. */
  crossref: number;
  notInCrossref: number;
}

export function kb(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? `${one.slice(0, Math.max(0, n - 1))}…` : one;
}

export function eta(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`;
  return `${(seconds / 3600).toFixed(1)} h left`;
}

/**
 * Shows the worker's events: on a terminal, one bar redrawn in place with finished papers printed
 * above it; elsewhere (a pipe, a log file), one plain line per finished paper and nothing redrawn.
 */
export class ProgressView {
  readonly tally: RunTally = { downloaded: 0, failed: [], matched: 0, enriched: 0, review: 0, unmatched: 0, resolveFailed: 0, crossref: 0, notInCrossref: 0 };
  private barShown = false;
  private lastDraw = 0;
  private current: { label: string; bytes: number; total: number | null } | null = null;
  private toldWaits = new Set<string>();
  private status: WorkStatus | null = null;

  constructor(
    private readonly io: CliIo,
    private readonly api: Api,
    private readonly mode: 'resolve' | 'download',
  ) {}

  get tty(): boolean {
    return this.io.isTTY;
  }

  /** A line that stays (a paper finished, a warning). */
  line(s: string): void {
    if (this.io.isTTY && this.barShown) this.io.write('\r\x1b[2K');
    this.io.stdout(s);
    this.barShown = false;
    if (this.io.isTTY) this.draw(true);
  }

  on = (e: WorkEvent): void => {
    switch (e.type) {
      case 'resolved': {
        const t = clip(e.title, 70);
        if (e.doi && (e.state === 'enriched' || e.state === 'unmatched')) {
          this.tally[e.state === 'enriched' ? 'crossref' : 'notInCrossref']++;
          const shown = t === `doi:${e.doi}` ? '' : `  ${t}`;
          if (this.mode === 'resolve' || e.note) this.line(`${e.state === 'enriched' ? 'crossref' : 'not found'}  ${clip(e.doi, 40)}${shown}${e.note ? ` — ${e.note}` : ''}`);
        } else if (e.state === 'matched') {
          this.tally.matched++;
          this.line(`matched    ${e.arxivId}  ${t}${e.note ? ` — ${e.note}` : ''}`);
        } else if (e.state === 'enriched') {
          this.tally.enriched++;
          if (this.mode === 'resolve') this.line(`updated    ${e.arxivId}  ${t}`);
        } else if (e.state === 'review') {
          this.tally.review++;
          this.line(`review     ${t} — ${e.note ?? 'unsure'}`);
        } else if (e.state === 'unmatched') {
          this.tally.unmatched++;
          this.line(`not found  ${t} — ${e.note ?? ''}`);
        } else {
          this.tally.resolveFailed++;
          this.line(`failed     ${t} — ${e.note ?? ''}`);
        }
        break;
      }
      case 'resolving':
        this.current = { label: `looking up “${clip(e.title, 40)}”`, bytes: 0, total: null };
        this.draw();
        break;
      case 'download-start':
        this.current = { label: e.arxivId, bytes: e.resumeFrom, total: null };
        if (e.resumeFrom > 0 && !this.io.isTTY) this.io.stdout(`resuming   ${e.arxivId} from ${kb(e.resumeFrom)}`);
        this.draw();
        break;
      case 'progress':
        if (this.current) {
          this.current.bytes = e.bytes;
          this.current.total = e.total;
        }
        this.draw();
        break;
      case 'downloaded':
        this.tally.downloaded++;
        this.current = null;
        this.line(`downloaded ${e.arxivId.padEnd(10)} ${kb(e.bytes).padStart(7)}  ${clip(e.title, 60)}${e.already ? ' (found on disk)' : ''}`);
        break;
      case 'failed':
        this.tally.failed.push({ title: e.title, reason: e.reason });
        this.current = null;
        this.line(`failed     ${clip(e.title, 60)}: ${e.reason}`);
        break;
      case 'retry':
        this.line(`retry      ${clip(e.title, 50)} in ${formatWait(e.waitMs)} (try ${e.attempt + 1}): ${e.reason}`);
        break;
      case 'waiting':
        // Pacing waits are the normal rhythm; only say something when arXiv asked us to wait.
        if (e.reason && e.ms > 1500 && !this.toldWaits.has(e.reason)) {
          this.toldWaits.add(e.reason);
          this.line(`waiting    ${e.reason}`);
        }
        this.draw();
        break;
      case 'other-worker':
        this.line('Another Lectern process (the app or a server) is working this library’s queue; showing its progress.');
        break;
      case 'cleaned':
        this.line(`Removed ${e.files.length} leftover temporary file${e.files.length === 1 ? '' : 's'} from an interrupted run.`);
        break;
      case 'blocked':
        break;
    }
  };

  /** Refreshes the counts and time left from the library (the same numbers the app shows). */
  async refresh(): Promise<void> {
    this.status = await this.api.workStatus({});
    this.draw(true);
  }

  private draw(force = false): void {
    if (!this.io.isTTY) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const st = this.status;
    const done = this.mode === 'download' ? (st?.download.batchDone ?? 0) : this.tally.matched + this.tally.review + this.tally.unmatched + this.tally.enriched + this.tally.resolveFailed + this.tally.crossref + this.tally.notInCrossref;
    const total = this.mode === 'download' ? (st?.download.batchTotal ?? 0) : done + (st?.resolve.queued ?? 0);
    const width = 24;
    const cur = this.current?.total ? this.current.bytes / this.current.total : 0;
    const frac = total ? Math.min(1, (done + (this.mode === 'download' ? cur : 0)) / total) : 0;
    const filled = Math.round(frac * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const item = this.current ? ` ${this.current.label}${this.current.total ? ` ${Math.floor(cur * 100)}%` : this.current.bytes ? ` ${kb(this.current.bytes)}` : ''}` : '';
    const left = this.mode === 'download' ? eta(st?.download.etaSeconds ?? null) : '';
    const text = `${bar} ${done}/${total}${item}${left ? `  ${left}` : ''}`;
    this.io.write(`\r\x1b[2K${clip(text, Math.max(20, this.io.columns - 1))}`);
    this.barShown = true;
  }

  /** Removes the bar before the summary. */
  finish(): void {
    if (this.io.isTTY && this.barShown) this.io.write('\r\x1b[2K');
    this.barShown = false;
  }
}

/** Polls the library's status while the worker runs, for the bar's counts and time left. */
export async function withStatus<T>(view: ProgressView, run: Promise<T>): Promise<T> {
  if (!view.tty) return run;
  let live = true;
  const loop = async () => {
    while (live) {
      await view.refresh().catch(() => {});
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const poller = loop();
  try {
    return await run;
  } finally {
    live = false;
    await poller;
    view.finish();
  }
}
