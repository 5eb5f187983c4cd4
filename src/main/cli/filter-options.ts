import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Api } from '../../shared/contract';
import { LecternError } from '../../shared/errors';
import { PDF_STATES, STATUSES, type PdfState, type Status } from '../../shared/model';
import type { LibraryQuery, Target } from '../../shared/query';

export interface FilterOpts {
  is?: Status[];
  pdf?: PdfState[];
  title?: string;
  author?: string;
  published?: [string | null, string | null];
  added?: [string | null, string | null];
  read?: [string | null, string | null];
  readThisWeek?: boolean;
  upvotes?: [number | null, number | null];
  tag?: string[];
  untagged?: boolean;
  starred?: boolean;
  noted?: boolean;
  retracted?: boolean;
  view?: string;
}

function listOf<T extends string>(allowed: readonly T[], name: string) {
  return (v: string, prev: T[] = []): T[] => {
    const out = [...prev];
    for (const x of v.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!allowed.includes(x as T)) throw new InvalidArgumentError(`${name} takes ${allowed.join(', ')} (got "${x}").`);
      out.push(x as T);
    }
    return out;
  };
}

/** YYYY, YYYY-MM or YYYY-MM-DD, as the first or the last day it covers. */
function day(v: string, end: boolean): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  if (/^\d{4}$/.test(v)) return end ? `${v}-12-31` : `${v}-01-01`;
  const m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m) return end ? `${v}-${String(new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate()).padStart(2, '0')}` : `${v}-01`;
  return null;
}

function dateRange(name: string) {
  return (v: string): [string | null, string | null] => {
    const [a, b] = v.includes('..') ? v.split('..') : [v, v];
    const from = a ? day(a, false) : null;
    const to = b ? day(b, true) : null;
    if ((a && !from) || (b && !to) || (!a && !b)) {
      throw new InvalidArgumentError(`${name} takes FROM..TO (either side may be empty) or one period; dates as YYYY, YYYY-MM or YYYY-MM-DD.`);
    }
    return [from, to];
  };
}

function numberRange(v: string): [number | null, number | null] {
  const m = /^(\d+)?\.\.(\d+)?$/.exec(v) ?? /^(\d+)$/.exec(v);
  if (!m) throw new InvalidArgumentError('--upvotes takes MIN..MAX (either side may be empty), or one number.');
  return m.length === 2 ? [Number(m[1]), Number(m[1])] : [m[1] ? Number(m[1]) : null, m[2] ? Number(m[2]) : null];
}

/** The library's column filters as options, the same on `list` and wherever papers are chosen by filter. */
export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--is <statuses>', `any of these statuses, comma-separated (${STATUSES.join(', ')})`, listOf(STATUSES, '--is'))
    .option('--pdf <states>', `any of these PDF states, comma-separated (${PDF_STATES.join(', ')})`, listOf(PDF_STATES, '--pdf'))
    .option('--title <text>', 'title contains this text')
    .option('--author <name>', 'an author name (or the start of one)')
    .option('--published <from..to>', 'published between these dates (YYYY-MM-DD..YYYY-MM-DD)', dateRange('--published'))
    .option('--added <from..to>', 'added between these dates', dateRange('--added'))
    .option('--read <from..to>', 'read between these dates', dateRange('--read'))
    .option('--read-this-week', 'read since Monday')
    .option('--upvotes <min..max>', 'upvotes in this range', numberRange)
    .option('--tag <name>', 'tagged with this tag (repeat for any of several)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--untagged', 'papers without any tag')
    .addOption(new Option('--starred', 'starred papers only'))
    .option('--noted', 'papers with a note')
    .option('--retracted', 'papers with a retraction notice (Crossref)')
    .option('--view <name>', 'start from a saved or built-in view (Inbox, Reading, Read this week, Needs review, or yours)');
}

/** The options as a library query; tags and views are looked up by name. */
export async function queryFromOptions(api: Api, o: FilterOpts): Promise<Partial<LibraryQuery>> {
  let base: Partial<LibraryQuery> = {};
  if (o.view) {
    const views = await api.listViews({});
    const v = views.find((x) => x.name.toLowerCase() === o.view!.trim().toLowerCase() || String(x.id) === o.view);
    if (!v) throw new LecternError('NOT_FOUND', `No view “${o.view}”. Views: ${views.map((x) => x.name).join(', ')}.`, o.view);
    base = v.query;
  }
  let tagIds: number[] | undefined;
  if (o.tag?.length) {
    const tags = await api.listTags({});
    tagIds = o.tag.map((name) => {
      const t = tags.find((x) => x.name.toLowerCase() === name.trim().toLowerCase());
      if (!t) throw new LecternError('NOT_FOUND', `No tag “${name}”. Tags: ${tags.map((x) => x.name).join(', ') || '(none yet)'}.`, name);
      return t.id;
    });
  }
  const q: Partial<LibraryQuery> = { ...base };
  if (o.is) q.statuses = o.is;
  if (o.pdf) q.pdfStates = o.pdf;
  if (o.title) q.title = o.title;
  if (o.author) q.authors = o.author;
  if (o.published) [q.publishedFrom, q.publishedTo] = o.published;
  if (o.added) [q.addedFrom, q.addedTo] = o.added;
  if (o.read) [q.readFrom, q.readTo] = o.read;
  if (o.readThisWeek) q.readPeriod = 'week';
  if (o.upvotes) [q.upvotesMin, q.upvotesMax] = o.upvotes;
  if (tagIds) q.tagIds = tagIds;
  if (o.untagged) q.untagged = true;
  if (o.starred) q.starred = true;
  if (o.noted) q.hasNote = true;
  if (o.retracted) q.retracted = true;
  return q;
}

/**
 * The single-value options `--status` and `--digest` (kept as they always were) in the query's
 * list form. With a list from --is or --view as well, both apply, as before: the value must be in
 * the list.
 */
export function narrowed<T extends string | number>(list: T[] | null | undefined, one: T | undefined, option: string): T[] | null | undefined {
  if (one === undefined) return list;
  if (list?.length && !list.includes(one)) {
    throw new LecternError('BAD_INPUT', `${option} ${one} contradicts the other filters (${list.join(', ')}): no paper can match both.`, option);
  }
  return [one];
}

/** The papers a command names: refs, one digest (`--digest`), or the whole library (`--all`). */
export async function refsOrDigest(api: Api, refs: string[], digest: number | undefined): Promise<Target> {
  if (refs.length) return { refs };
  if (digest === undefined) return { query: {} };
  if (!(await api.listDigests({})).some((d) => d.id === digest)) throw new LecternError('NOT_FOUND', `No digest #${digest} in this library.`, `digest ${digest}`);
  return { query: { digestIds: [digest] } };
}
