import type { Database } from 'better-sqlite3';
import type { Candidate, ReviewItem } from '../../../shared/methods/arxiv';
import { LecternError } from '../../../shared/errors';
import type { ResolveState } from '../../../shared/model';
import type { ArxivEntry } from '../arxiv/atom';
import { markFailed, setJobRunnable, setJobWaitingReview } from '../downloads/queue';
import { PLACEHOLDER_TITLE_SQL } from '../library/placeholder';
import { bumpRevision } from '../db/revision';
import { titleKey } from '../text/normalize';
import type { CrossrefWork } from '../crossref/record';
import { applyCrossrefMatch, CROSSREF_CANDIDATE, queueCrossref } from './crossref-store';
import { joinWork, TITLE_MISSING_SQL } from './merge';
import type { Known, Scored } from './score';

/** Resolution's side of the library: what to look up next, and what was found. */

export function queueResolve(db: Database, ids: number[], force: boolean): { queued: number; skipped: number } {
  // Without force, only what was never looked up or failed; a review waits for the user.
  const sql = force
    ? "UPDATE paper SET resolve_state = 'queued', resolve_attempts = 0, resolve_note = NULL WHERE id = ?"
    : `UPDATE paper SET resolve_state = 'queued', resolve_attempts = 0, resolve_note = NULL
       WHERE id = ? AND (resolve_state IS NULL OR resolve_state = 'failed') AND (arxiv_id IS NULL OR enriched_at IS NULL)`;
  const up = db.prepare(sql);
  return db
    .transaction(() => {
      let queued = 0;
      // A paper with a DOI is also looked up on Crossref (its venue, a retraction, its other version).
      for (const id of ids) queued += Math.max(up.run(id).changes, queueCrossref(db, [id], force));
      if (queued) bumpRevision(db);
      return { queued, skipped: ids.length - queued };
    })
    .immediate();
}

export interface TitleWork extends Known {
  id: number;
  attempts: number;
  /** The title is a placeholder made from the DOI (library/placeholder.ts): nothing to search for. */
  madeUp: boolean;
  /** It came only from digests that are not arXiv's (a BibTeX, a journal's feed): looked up on Crossref. */
  viaCrossref: boolean;
}

/** Digest formats that list arXiv papers; a title from any other is looked up on Crossref. */
export const ARXIV_FORMATS = ['hf-text', 'hf-json', 'hf-jsonfeed', 'hf-rss', 'hf-html', 'arxiv-atom', 'arxiv-rss', 'oai-pmh', 'arxiv-email'] as const;
const ARXIV_FORMATS_SQL = ARXIV_FORMATS.map((f) => `'${f}'`).join(', ');
const VIA_CROSSREF_SQL = `(EXISTS (SELECT 1 FROM paper_digest pd JOIN digest d ON d.id = pd.digest_id WHERE pd.paper_id = paper.id)
  AND NOT EXISTS (SELECT 1 FROM paper_digest pd JOIN digest d ON d.id = pd.digest_id WHERE pd.paper_id = paper.id AND d.format IN (${ARXIV_FORMATS_SQL})))`;

export function nextTitleToResolve(db: Database): TitleWork | null {
  const row = db
    .prepare(
      `SELECT id, title, author_count AS authorCount, published, resolve_attempts AS attempts, coalesce(${PLACEHOLDER_TITLE_SQL}, 0) AS madeUp, ${VIA_CROSSREF_SQL} AS viaCrossref FROM paper
       WHERE resolve_state = 'queued' AND arxiv_id IS NULL AND crossref_state IS NOT 'queued' ORDER BY id LIMIT 1`,
    )
    .get() as (Omit<TitleWork, 'madeUp' | 'viaCrossref'> & { madeUp: number; viaCrossref: number }) | undefined;
  return row ? { ...row, madeUp: row.madeUp === 1, viaCrossref: row.viaCrossref === 1 } : null;
}

/** A paper that has an arXiv id and waits for arXiv's record of it. */
export interface IdWork {
  id: number;
  arxivId: string;
  attempts: number;
}

export function nextToEnrich(db: Database, limit: number): IdWork[] {
  return db
    .prepare(
      `SELECT id, arxiv_id AS arxivId, resolve_attempts AS attempts FROM paper
       WHERE resolve_state = 'queued' AND arxiv_id IS NOT NULL ORDER BY id LIMIT ?`,
    )
    .all(limit) as IdWork[];
}

export function resolveCounts(db: Database): { queued: number; review: number } {
  return db
    .prepare(
      `SELECT coalesce(sum(resolve_state = 'queued' OR crossref_state = 'queued'), 0) AS queued, coalesce(sum(resolve_state = 'review'), 0) AS review FROM paper
       WHERE resolve_state IN ('queued', 'review') OR crossref_state = 'queued'`,
    )
    .get() as { queued: number; review: number };
}

/**
 * Gives a paper what arXiv knows of it: the id and version, full author names in order,
 * categories, DOI and PDF link; an abstract and date only where the library had none. The
 * title stays as the user's digest gave it, unless the importer made it up from the id (see
 * library/placeholder.ts): then arXiv's title replaces it, and the title's match key with it.
 * Returns the paper that already has this id, if any (the two are then the same work, which
 * the user has to settle).
 */
export function applyEntry(db: Database, paperId: number, e: ArxivEntry, state: ResolveState, score: number | null, note: string | null, nowIso: string): number | null {
  return db
    .transaction((): number | null => {
      const other = db.prepare('SELECT id FROM paper WHERE arxiv_id = ? AND id <> ?').pluck().get(e.arxivId, paperId) as number | undefined;
      if (other !== undefined) return other;
      db.prepare(
        `UPDATE paper SET arxiv_id = @arxivId,
           title = CASE WHEN ${TITLE_MISSING_SQL} AND @title <> '' THEN @title ELSE title END,
           title_key = CASE WHEN ${TITLE_MISSING_SQL} AND @title <> '' THEN @titleKey ELSE title_key END,
           arxiv_version = CASE WHEN @version > coalesce(arxiv_version, 0) THEN @version ELSE arxiv_version END,
           doi = coalesce(doi, @doi),
           authors = CASE WHEN @authors IS NULL THEN authors ELSE @authors END,
           author_count = CASE WHEN @authors IS NULL THEN author_count ELSE @authorCount END,
           abstract = coalesce(abstract, @abstract),
           published = coalesce(published, @published),
           categories = CASE WHEN @categories IS NULL THEN categories ELSE @categories END,
           pdf_url = coalesce(@pdfUrl, pdf_url),
           venue = coalesce(venue, @journalRef),
           venue_year = CASE WHEN venue IS NULL AND @journalRef IS NOT NULL THEN @journalYear ELSE venue_year END,
           crossref_state = CASE WHEN crossref_state IS NULL AND coalesce(doi, @doi) IS NOT NULL THEN 'queued' ELSE crossref_state END,
           resolve_state = @state, resolve_score = @score, resolve_note = @note, enriched_at = @now
         WHERE id = @id`,
      ).run({
        id: paperId,
        arxivId: e.arxivId,
        title: e.title,
        titleKey: titleKey(e.title),
        version: e.version,
        doi: e.doi,
        authors: e.authors.length ? JSON.stringify(e.authors) : null,
        authorCount: e.authors.length,
        abstract: e.abstract,
        published: e.published,
        categories: e.categories.length ? JSON.stringify(e.categories) : null,
        pdfUrl: e.pdfUrl,
        journalRef: e.journalRef,
        journalYear: journalYear(e.journalRef),
        state,
        score,
        note,
        now: nowIso,
      });
      db.prepare('DELETE FROM resolve_candidate WHERE paper_id = ?').run(paperId);
      setJobRunnable(db, paperId);
      // arXiv names the published version's DOI: a paper of the library with that DOI is the same work.
      if (e.doi) joinWork(db, paperId, [{ kind: 'doi', value: e.doi }]);
      bumpRevision(db);
      return null;
    })
    .immediate();
}

/** The year a journal reference names ("Phys. Rev. B 89, 140501 (2014)"): the last plausible one. */
function journalYear(ref: string | null): number | null {
  const years = ref ? [...ref.matchAll(/(?<!\d)(1[89]\d\d|20\d\d)(?!\d)/g)].map((m) => Number(m[1])) : [];
  return years.length ? years[years.length - 1]! : null;
}

/** An unsure match: the candidates are kept for the user, and a queued download waits for the pick. */
export function saveForReview(db: Database, paperId: number, candidates: Scored[], note: string): void {
  db.transaction(() => {
    storeCandidates(db, paperId, candidates);
    db.prepare("UPDATE paper SET resolve_state = 'review', resolve_note = ?, resolve_score = ? WHERE id = ?").run(note, candidates[0]?.score ?? null, paperId);
    setJobWaitingReview(db, paperId);
    bumpRevision(db);
  }).immediate();
}

/** Nothing on arXiv fits: said once, and a queued download fails with the reason. */
export function saveUnmatched(db: Database, paperId: number, candidates: Scored[], note: string, jobMs: number | null): void {
  db.transaction(() => {
    storeCandidates(db, paperId, candidates);
    db.prepare("UPDATE paper SET resolve_state = 'unmatched', resolve_note = ?, resolve_score = ? WHERE id = ?").run(note, candidates[0]?.score ?? null, paperId);
    const waits = db.prepare('SELECT 1 FROM download_job j JOIN paper p ON p.id = j.paper_id WHERE j.paper_id = ? AND p.arxiv_id IS NULL').get(paperId);
    if (waits) markFailed(db, paperId, `Not found on arXiv: ${note}`, jobMs);
    bumpRevision(db);
  }).immediate();
}

export function saveResolveFailed(db: Database, paperId: number, reason: string, giveUp: boolean): void {
  db.transaction(() => {
    if (giveUp) {
      db.prepare("UPDATE paper SET resolve_state = 'failed', resolve_note = ? WHERE id = ?").run(reason, paperId);
      // A download needs the lookup only when the paper has no arXiv id yet.
      const waits = db.prepare('SELECT 1 FROM download_job j JOIN paper p ON p.id = j.paper_id WHERE j.paper_id = ? AND p.arxiv_id IS NULL').get(paperId);
      if (waits) markFailed(db, paperId, `Could not look the paper up on arXiv: ${reason}`, null);
    } else {
      db.prepare('UPDATE paper SET resolve_attempts = resolve_attempts + 1, resolve_note = ? WHERE id = ?').run(reason, paperId);
    }
    bumpRevision(db);
  }).immediate();
}

function storeCandidates(db: Database, paperId: number, candidates: Scored[]): void {
  db.prepare('DELETE FROM resolve_candidate WHERE paper_id = ?').run(paperId);
  const ins = db.prepare('INSERT INTO resolve_candidate (paper_id, rank, arxiv_id, score, why, entry) VALUES (?, ?, ?, ?, ?, ?)');
  candidates.forEach((c, i) => ins.run(paperId, i + 1, c.entry.arxivId, c.score, c.why, JSON.stringify(c.entry)));
}

function candidatesOf(db: Database, paperId: number): Candidate[] {
  const rows = db.prepare('SELECT arxiv_id, score, why, entry FROM resolve_candidate WHERE paper_id = ? ORDER BY rank').all(paperId) as { score: number; why: string; entry: string }[];
  return rows.map((r) => {
    const parsed = JSON.parse(r.entry) as ArxivEntry | { crossref: CrossrefWork };
    if ('crossref' in parsed) {
      const w = parsed.crossref;
      return { arxivId: `${CROSSREF_CANDIDATE}${w.doi}`, version: null, title: w.title, authors: w.authors, published: w.published, categories: [], score: r.score, why: r.why, source: 'crossref' as const, venue: w.container };
    }
    const e = parsed;
    return { arxivId: e.arxivId, version: e.version, title: e.title, authors: e.authors, published: e.published, categories: e.categories, score: r.score, why: r.why, source: 'arxiv' as const, venue: e.journalRef };
  });
}

export function reviewList(db: Database, limit: number): { total: number; items: ReviewItem[] } {
  const total = db.prepare("SELECT count(*) FROM paper WHERE resolve_state = 'review'").pluck().get() as number;
  const rows = db
    .prepare(
      `SELECT id, title, author_count AS authorCount, published, resolve_note AS note FROM paper
       WHERE resolve_state = 'review' ORDER BY last_digest_id DESC, id LIMIT ?`,
    )
    .all(limit) as { id: number; title: string; authorCount: number | null; published: string | null; note: string | null }[];
  return { total, items: rows.map((r) => ({ paperId: r.id, title: r.title, authorCount: r.authorCount, published: r.published, note: r.note, candidates: candidatesOf(db, r.id) })) };
}

/**
 * The user's pick among the candidates (or none of them). A download that waited for the pick
 * goes on; "none" fails it with that reason.
 */
export function chooseCandidate(db: Database, paperId: number, arxivId: string | null, nowIso: string): { requeued: boolean } {
  return db
    .transaction(() => {
      const state = db.prepare('SELECT resolve_state FROM paper WHERE id = ?').pluck().get(paperId) as string | null | undefined;
      const waiting = db.prepare("SELECT 1 FROM download_job WHERE paper_id = ? AND state = 'review'").get(paperId) !== undefined;
      if (arxivId === null) {
        db.prepare("UPDATE paper SET resolve_state = 'unmatched', resolve_note = 'You said none of the arXiv candidates is this paper.' WHERE id = ?").run(paperId);
        if (waiting) markFailed(db, paperId, 'Not on arXiv: you said none of the candidates is this paper.', null);
        bumpRevision(db);
        return { requeued: false };
      }
      const row = db.prepare('SELECT entry FROM resolve_candidate WHERE paper_id = ? AND lower(arxiv_id) = lower(?)').pluck().get(paperId, arxivId) as string | undefined;
      if (!row) {
        const known = db.prepare('SELECT arxiv_id FROM resolve_candidate WHERE paper_id = ? ORDER BY rank').pluck().all(paperId) as string[];
        throw new LecternError(
          'BAD_INPUT',
          state === 'review' || known.length
            ? `${arxivId} is not one of this paper's candidates (${known.join(', ') || 'none'}). Nothing was changed.`
            : 'This paper has no arXiv candidates to choose from; resolve it first (lectern resolve). Nothing was changed.',
        );
      }
      const picked = JSON.parse(row) as ArxivEntry | { crossref: CrossrefWork };
      if ('crossref' in picked) {
        applyCrossrefMatch(db, paperId, picked.crossref, 'chosen', null, null, nowIso);
        return { requeued: waiting };
      }
      const other = applyEntry(db, paperId, picked, 'chosen', null, null, nowIso);
      if (other !== null) throw new LecternError('CONFLICT', `arXiv ${arxivId} is already paper #${other} in this library; the two are the same work. Nothing was changed.`);
      return { requeued: waiting };
    })
    .immediate();
}
