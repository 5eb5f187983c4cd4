import type { ReadableDB } from '../db/handles';
import type { Paper, Retraction } from '../../../shared/model';

type WorkFacts = Pick<Paper, 'venue' | 'venueYear' | 'workType' | 'publishedIn' | 'preprint' | 'retracted' | 'retraction' | 'otherIds' | 'crossrefState' | 'crossrefNote'>;
type Alias = Paper['otherIds'][number];

/** Whether the library has paper_alias (migration 010): queries also run on libraries being migrated, in tests of older versions. */
function hasAliases(db: ReadableDB): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'paper_alias'").get() !== undefined;
}

/** The other identifiers of one paper's work; prepared once, for callers that go through many papers. */
export function aliasesOf(db: ReadableDB): (paperId: number) => Alias[] {
  if (!hasAliases(db)) return () => [];
  const stmt = db.prepare('SELECT kind, value, role FROM paper_alias WHERE paper_id = ? ORDER BY role, value');
  return (paperId) => stmt.all(paperId) as Alias[];
}

/** The paper that holds an identifier as one of its work's other ids (a preprint's DOI, …), or null. */
export function aliasLookup(db: ReadableDB): (kind: 'doi' | 'arxiv', value: string) => number | null {
  if (!hasAliases(db)) return () => null;
  const stmt = db.prepare('SELECT paper_id FROM paper_alias WHERE kind = ? AND value = ?').pluck();
  return (kind, value) => (stmt.get(kind, value) as number | undefined) ?? null;
}

/**
 * What a paper's row says of its work beyond arXiv, as the JSON and the side pane show it: the
 * published version (a venue, unless the DOI's record is itself a preprint), the preprint (its
 * arXiv id, else a preprint DOI), the retraction.
 */
export function workFacts(r: Record<string, unknown>, aliases: Alias[]): WorkFacts {
  const venue = (r.venue as string | null) ?? null;
  const workType = (r.work_type as string | null) ?? null;
  const doi = (r.doi as string | null) ?? null;
  const server = (r.preprint_server as string | null) ?? null;
  const ownIsPreprint = workType === 'posted-content';
  const preprintDoi = aliases.find((a) => a.kind === 'doi' && a.role === 'preprint')?.value ?? (ownIsPreprint ? doi : null);
  const arxivId = (r.arxiv_id as string | null) ?? null;
  const preprint = arxivId
    ? { server: 'arXiv', id: arxivId, version: (r.arxiv_version as number | null) ?? null }
    : preprintDoi
      ? { server, id: preprintDoi, version: null }
      : null;
  const retraction = r.retraction ? (JSON.parse(r.retraction as string) as Retraction) : null;
  return {
    venue,
    venueYear: (r.venue_year as number | null) ?? null,
    workType,
    publishedIn: venue && !ownIsPreprint ? { venue, year: (r.venue_year as number | null) ?? null, doi } : null,
    preprint,
    retracted: retraction !== null,
    retraction,
    otherIds: aliases,
    crossrefState: (r.crossref_state as WorkFacts['crossrefState']) ?? null,
    crossrefNote: (r.crossref_note as string | null) ?? null,
  };
}
