import type { ReadableDB } from '../db/handles';
import { PDF_STATES, STATUSES, type PdfState, type Status } from '../../../shared/model';
import type { LibraryQuery } from '../../../shared/query';
import { whereSql, type Dimension } from './query-plan';
import { libraryState } from './search-hits';
import { buildFilter } from './window';

export interface Facets {
  /** Papers matching the whole query. */
  total: number;
  statuses: Record<Status, number>;
  pdf: Record<PdfState, number>;
  starred: number;
  withNotes: number;
  untagged: number;
  needsReview: number | null;
  years: { year: string | null; count: number }[];
  tags: { id: number; name: string; count: number }[];
  /** The newest digests: papers matching the query in each, and each digest's unread papers. */
  digests: { id: number; name: string; date: string | null; format: string; importedAt: string; count: number; papers: number; unread: number }[];
  digestTotal: number;
}

/**
 * Counts beside the filters. Each facet counts over the query minus its own dimension (picking a
 * status shows how many each other status would give), so every count is a GROUP BY or a count
 * over the filtered rows, reading the facet index (paper_facets) rather than the rows where the
 * filter allows. The counts are a dozen queries; between them the event loop gets a turn, so a
 * table request arriving meanwhile waits for one query, not for all of them.
 */
export async function facetCounts(db: ReadableDB, q: Partial<LibraryQuery>, now: Date, digestLimit = 60): Promise<Facets> {
  // The whole library's facets are asked for most often (no filter) and cost the most (every
  // index entry is counted): keep them until the library changes.
  const unfiltered = buildFilter(db, q, now).where.length === 0;
  const key = `${libraryState(db)}\u0000${digestLimit}`;
  if (unfiltered) {
    const hit = wholeLibrary.get(db);
    if (hit?.key === key) return hit.facets;
  }
  const facets = await countFacets(db, q, now, digestLimit);
  if (unfiltered) wholeLibrary.set(db, { key, facets });
  return facets;
}

const wholeLibrary = new WeakMap<ReadableDB, { key: string; facets: Facets }>();

async function countFacets(db: ReadableDB, q: Partial<LibraryQuery>, now: Date, digestLimit: number): Promise<Facets> {
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const f = (omit: Dimension | null = null) => buildFilter(db, q, now, { omit });
  const count = (extra: string | null, omit: Dimension | null = null) => {
    const x = f(omit);
    if (extra) x.where.push(extra);
    return db.prepare(`SELECT count(*) FROM paper p ${whereSql(x)}`).pluck().get(x.params) as number;
  };
  const grouped = <K extends string>(column: string, omit: Dimension, keys: readonly K[]) => {
    const x = f(omit);
    const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    for (const r of db.prepare(`SELECT ${column} AS k, count(*) AS n FROM paper p ${whereSql(x)} GROUP BY ${column}`).all(x.params) as { k: K; n: number }[]) out[r.k] = r.n;
    return out;
  };

  // Grouped by day in the index's own order (no sort), summed by year here.
  const yearsF = f('published');
  const perYear = new Map<string | null, number>();
  for (const r of db.prepare(`SELECT p.published AS d, count(*) AS n FROM paper p ${whereSql(yearsF)} GROUP BY p.published`).all(yearsF.params) as { d: string | null; n: number }[]) {
    const y = r.d ? r.d.slice(0, 4) : null;
    perYear.set(y, (perYear.get(y) ?? 0) + r.n);
  }
  const years = [...perYear].map(([year, count]) => ({ year, count })).sort((a, b) => (b.year ?? '').localeCompare(a.year ?? ''));
  await turn();

  const tagF = f('tag');
  const tagSql = tagF.where.length
    ? `SELECT t.id, t.name, (SELECT count(*) FROM paper_tag pt JOIN paper p ON p.id = pt.paper_id WHERE pt.tag_id = t.id AND ${tagF.where.join(' AND ')}) AS count FROM tag t ORDER BY t.name`
    : 'SELECT t.id, t.name, (SELECT count(*) FROM paper_tag pt WHERE pt.tag_id = t.id) AS count FROM tag t ORDER BY t.name';
  const tags = db.prepare(tagSql).all(tagF.params) as Facets['tags'];
  await turn();

  const digF = f('digest');
  const inDigest = digF.where.length
    ? `(SELECT count(*) FROM paper_digest pd JOIN paper p ON p.id = pd.paper_id WHERE pd.digest_id = d.id AND ${digF.where.join(' AND ')})`
    : '(SELECT count(*) FROM paper_digest pd WHERE pd.digest_id = d.id)';
  const digests = db
    .prepare(
      `SELECT d.id, d.name, d.date, d.format, d.imported_at AS importedAt, ${inDigest} AS count,
         (SELECT count(*) FROM paper_digest pd WHERE pd.digest_id = d.id) AS papers,
         (SELECT count(*) FROM paper_digest pd JOIN paper p ON p.id = pd.paper_id WHERE pd.digest_id = d.id AND p.status = 'unread') AS unread
       FROM (SELECT id, name, date, format, imported_at FROM digest ORDER BY id DESC LIMIT @digestLimit) d ORDER BY d.id DESC`,
    )
    .all({ ...digF.params, digestLimit }) as Facets['digests'];

  await turn();
  const total = count(null);
  const statuses = grouped('p.status', 'status', STATUSES);
  await turn();
  const pdf = grouped('p.pdf_state', 'pdf', PDF_STATES);
  await turn();
  const starred = count('p.starred = 1');
  const withNotes = count('p.note_updated_at IS NOT NULL');
  await turn();
  const untagged = count('p.tag_key IS NULL', 'tag');
  const needsReview = count("p.resolve_state = 'review'");
  return { total, statuses, pdf, starred, withNotes, untagged, needsReview, years, tags, digests, digestTotal: db.prepare('SELECT count(*) FROM digest').pluck().get() as number };
}
