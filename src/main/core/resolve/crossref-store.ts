import type { Database } from 'better-sqlite3';
import type { CrossrefWork, RelatedId } from '../crossref/record';
import { bumpRevision } from '../db/revision';
import { markFailed, setJobRunnable, setJobWaitingReview } from '../downloads/queue';
import { titleKey } from '../text/normalize';
import { addAlias, joinWork, TITLE_MISSING_SQL } from './merge';

/** Crossref's side of the library: which DOIs to look up next, and what Crossref said. */

export interface DoiWork {
  id: number;
  doi: string;
  title: string;
  attempts: number;
  /** Looked up before: this is the published DOI a preprint's record named. */
  again: boolean;
  /** The paper is on arXiv: Crossref only adds to what arXiv said (venue, retraction, other versions). */
  arxivId: string | null;
}

export function nextDoiToLookUp(db: Database): DoiWork | null {
  const row = db
    .prepare("SELECT id, doi, title, arxiv_id AS arxivId, crossref_attempts AS attempts, crossref_at IS NOT NULL AS again FROM paper WHERE crossref_state = 'queued' AND doi IS NOT NULL ORDER BY id LIMIT 1")
    .get() as (Omit<DoiWork, 'again'> & { again: number }) | undefined;
  return row ? { ...row, again: row.again === 1 } : null;
}

/** Queues the DOI lookup of papers that have a DOI and were never looked up (or failed); force: again. */
export function queueCrossref(db: Database, ids: number[], force: boolean): number {
  const up = db.prepare(
    `UPDATE paper SET crossref_state = 'queued', crossref_attempts = 0, crossref_note = NULL
     WHERE id = ? AND doi IS NOT NULL AND doi NOT LIKE '10.48550/%' ${force ? "AND crossref_state IS NOT 'queued'" : "AND (crossref_state IS NULL OR crossref_state = 'failed')"}`,
  );
  let n = 0;
  for (const id of ids) n += up.run(id).changes;
  return n;
}

function yearOf(date: string | null): number | null {
  return date ? Number(date.slice(0, 4)) : null;
}

/**
 * Gives a paper what Crossref knows of its DOI: a title where the importer made one up, names,
 * abstract and date where the library had none, the venue and year of a published version, its
 * type, a retraction notice. A preprint that Crossref says is a preprint of a published DOI takes
 * that DOI as its own (its preprint DOI stays an alias) and is looked up again for the venue; a
 * published work's preprints become its aliases. Any other paper holding one of these ids is the
 * same work and folds into the older of the two. Returns the paper that remains.
 */
export function applyCrossref(db: Database, paperId: number, w: CrossrefWork, nowIso: string): { paperId: number; merged: boolean; lookAgain: boolean } {
  return db
    .transaction(() => {
      const published = w.preprint ? w.preprintOf.find((r) => r.kind === 'doi')?.value ?? null : null;
      db.prepare(
        `UPDATE paper SET
           title = CASE WHEN ${TITLE_MISSING_SQL} AND @title <> '' THEN @title ELSE title END,
           title_key = CASE WHEN ${TITLE_MISSING_SQL} AND @title <> '' THEN @titleKey ELSE title_key END,
           authors = coalesce(authors, @authors),
           author_count = CASE WHEN authors IS NULL AND @authors IS NOT NULL THEN @authorCount ELSE author_count END,
           abstract = coalesce(abstract, @abstract),
           published = coalesce(published, @date),
           venue = CASE WHEN @preprint THEN venue ELSE coalesce(@venue, venue) END,
           venue_year = CASE WHEN @preprint THEN venue_year ELSE coalesce(@year, venue_year) END,
           work_type = CASE WHEN @preprint AND work_type IS NOT NULL THEN work_type ELSE coalesce(@type, work_type) END,
           preprint_server = CASE WHEN @preprint THEN coalesce(@server, preprint_server) ELSE preprint_server END,
           retraction = coalesce(@retraction, retraction),
           doi = coalesce(@publishedDoi, doi),
           crossref_state = CASE WHEN @publishedDoi IS NOT NULL THEN 'queued' ELSE 'found' END,
           crossref_note = NULL, crossref_attempts = 0, crossref_at = @now,
           resolve_state = CASE WHEN resolve_state = 'queued' AND arxiv_id IS NULL THEN 'enriched' ELSE resolve_state END,
           resolve_note = CASE WHEN resolve_state = 'queued' AND arxiv_id IS NULL THEN NULL ELSE resolve_note END,
           enriched_at = CASE WHEN resolve_state = 'queued' AND arxiv_id IS NULL THEN @now ELSE enriched_at END
         WHERE id = @id`,
      ).run({
        id: paperId,
        title: w.title,
        titleKey: titleKey(w.title),
        authors: w.authors.length ? JSON.stringify(w.authors) : null,
        authorCount: w.authors.length,
        abstract: w.abstract,
        date: w.published,
        preprint: w.preprint ? 1 : 0,
        venue: w.container,
        year: yearOf(w.published),
        type: w.type,
        server: w.server,
        retraction: w.retraction ? JSON.stringify(w.retraction) : null,
        // A preprint of a published DOI: the paper is the published work, found by either DOI.
        publishedDoi: published,
        now: nowIso,
      });
      if (published) addAlias(db, paperId, 'doi', w.doi, 'preprint');
      const others: RelatedId[] = [{ kind: 'doi', value: w.doi }, ...w.preprintOf, ...w.preprints];
      const keep = joinWork(db, paperId, others);
      for (const p of w.preprints) {
        if (p.kind === 'arxiv' && adoptArxivId(db, keep, p.value)) continue;
        addAlias(db, keep, p.kind, p.value, 'preprint');
      }
      for (const p of w.preprintOf) if (p.value !== published) addAlias(db, keep, p.kind, p.value, 'published');
      bumpRevision(db);
      return { paperId: keep, merged: keep !== paperId, lookAgain: published !== null };
    })
    .immediate();
}

/** A published paper without an arXiv id takes its arXiv preprint's id, and arXiv's record is fetched next. */
function adoptArxivId(db: Database, paperId: number, arxivId: string): boolean {
  return (
    db
      .prepare("UPDATE paper SET arxiv_id = ?, resolve_state = 'queued', resolve_attempts = 0 WHERE id = ? AND arxiv_id IS NULL AND NOT EXISTS (SELECT 1 FROM paper WHERE arxiv_id = ?)")
      .run(arxivId, paperId, arxivId).changes === 1
  );
}

/** Crossref does not know the DOI: said once; a title lookup it stood in for ends unmatched. */
export function saveCrossrefMissing(db: Database, paperId: number, note: string, nowIso: string, state: 'missing' | 'found' = 'missing'): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE paper SET crossref_state = @state, crossref_note = @note, crossref_at = @now,
         -- A paper with no title at all (a BibTeX entry of a DOI alone) is named by its DOI, as the importers name such papers.
         title = CASE WHEN trim(title) = '' THEN 'doi:' || doi ELSE title END,
         resolve_state = CASE WHEN resolve_state = 'queued' AND arxiv_id IS NULL THEN 'unmatched' ELSE resolve_state END,
         resolve_note = CASE WHEN resolve_state = 'queued' AND arxiv_id IS NULL THEN @note ELSE resolve_note END
       WHERE id = @id`,
    ).run({ id: paperId, note, now: nowIso, state });
    bumpRevision(db);
  }).immediate();
}

export function saveCrossrefFailed(db: Database, paperId: number, reason: string, giveUp: boolean): void {
  db.transaction(() => {
    if (giveUp) {
      db.prepare(
        `UPDATE paper SET crossref_state = 'failed', crossref_note = @reason,
           resolve_state = CASE WHEN resolve_state = 'queued' AND arxiv_id IS NULL THEN 'failed' ELSE resolve_state END,
           resolve_note = CASE WHEN resolve_state = 'queued' AND arxiv_id IS NULL THEN @reason ELSE resolve_note END
         WHERE id = @id`,
      ).run({ id: paperId, reason });
    } else {
      db.prepare('UPDATE paper SET crossref_attempts = crossref_attempts + 1, crossref_note = ? WHERE id = ?').run(reason, paperId);
    }
    bumpRevision(db);
  }).immediate();
}

/**
 * Unpaywall found the paper's copy on arXiv: the paper takes that arXiv id (arXiv's record is
 * fetched next, then its PDF), or folds into the paper of the library that already has it.
 * Returns whether the paper is now known by that arXiv id.
 */
export function adoptArxivCopy(db: Database, paperId: number, arxivId: string): boolean {
  return db
    .transaction(() => {
      if (adoptArxivId(db, paperId, arxivId)) {
        bumpRevision(db);
        return true;
      }
      const keep = joinWork(db, paperId, [{ kind: 'arxiv', value: arxivId }]);
      bumpRevision(db);
      return keep !== paperId || db.prepare('SELECT 1 FROM paper WHERE id = ? AND arxiv_id = ?').get(paperId, arxivId) !== undefined;
    })
    .immediate();
}

/** A Crossref candidate as resolve_candidate keeps it: its id is "doi:<doi>", its entry the work. */
export const CROSSREF_CANDIDATE = 'doi:';

/**
 * A title-only paper matched to a Crossref work (sure, or picked by the user): it takes the DOI,
 * then everything Crossref says of it (applyCrossref), and folds into a paper that has the DOI.
 */
export function applyCrossrefMatch(db: Database, paperId: number, w: CrossrefWork, state: 'matched' | 'chosen', score: number | null, note: string | null, nowIso: string): number {
  db.transaction(() => {
    db.prepare('UPDATE paper SET doi = coalesce(doi, ?), resolve_state = ?, resolve_score = ?, resolve_note = ?, enriched_at = ? WHERE id = ?').run(w.doi, state, score, note, nowIso, paperId);
    db.prepare('DELETE FROM resolve_candidate WHERE paper_id = ?').run(paperId);
    setJobRunnable(db, paperId);
  }).immediate();
  return applyCrossref(db, paperId, w, nowIso).paperId;
}

/** Unsure (the user picks among Crossref's works) or nothing plausible; a waiting download waits or fails. */
export function saveCrossrefCandidates(db: Database, paperId: number, candidates: { work: CrossrefWork; score: number; why: string }[], note: string, state: 'review' | 'unmatched'): void {
  db.transaction(() => {
    db.prepare('DELETE FROM resolve_candidate WHERE paper_id = ?').run(paperId);
    const ins = db.prepare('INSERT INTO resolve_candidate (paper_id, rank, arxiv_id, score, why, entry) VALUES (?, ?, ?, ?, ?, ?)');
    candidates.forEach((c, i) => ins.run(paperId, i + 1, `${CROSSREF_CANDIDATE}${c.work.doi}`, c.score, c.why, JSON.stringify({ crossref: c.work })));
    db.prepare('UPDATE paper SET resolve_state = ?, resolve_note = ?, resolve_score = ? WHERE id = ?').run(state, note, candidates[0]?.score ?? null, paperId);
    if (state === 'review') setJobWaitingReview(db, paperId);
    else if (db.prepare('SELECT 1 FROM download_job j JOIN paper p ON p.id = j.paper_id WHERE j.paper_id = ? AND p.arxiv_id IS NULL AND p.doi IS NULL').get(paperId)) {
      markFailed(db, paperId, `Not found on Crossref: ${note}`, null);
    }
    bumpRevision(db);
  }).immediate();
}
