import type { Database } from 'better-sqlite3';
import type { ReadableDB } from '../db/handles';
import type { ImportPreview } from '../../../shared/contract';
import type { ParsedDigest, ParsedEntry } from '../../../shared/parsed';
import { titleKey } from '../text/normalize';
import { isPlaceholderTitle, PLACEHOLDER_TITLE_SQL } from './placeholder';
import { entryKeys, makeMatcher, type Match } from './match';
import { bumpRevision } from '../db/revision';

interface PlannedEntry {
  entry: ParsedEntry;
  rank: number;
  titleKey: string;
  match: Match | null;
  /** Set when an earlier entry of the same digest is the same paper. */
  sameAs: number | null;
}

export interface ImportPlan {
  parsed: ParsedDigest;
  contentHash: string;
  alreadyImported: { digestId: number; name: string; importedAt: string } | null;
  formatLabel: string;
  name: string;
  planned: PlannedEntry[];
  /** The library's state when the entries were matched (libraryState), or null if they were not. */
  matchedAt: string | null;
}

/**
 * Where the library is: changes when any connection commits (data_version counts the others,
 * total_changes this one). Matches made at one state still hold at the same state.
 */
export function libraryState(db: ReadableDB): string {
  return `${db.pragma('data_version', { simple: true }) as number}.${db.prepare('SELECT total_changes()').pluck().get() as number}`;
}

/**
 * Groups the entries of one digest that are the same paper and matches them against the library
 * (read-only), noting the library's state. A commit reuses these matches when the library is
 * still in that state, and matches again under the write lock when it is not.
 */
export function planImport(
  db: ReadableDB,
  parsed: ParsedDigest,
  formatLabel: string,
  fallbackName: string,
  contentHash: string,
  opts: { match: boolean } = { match: true },
): ImportPlan {
  const alreadyImported =
    (db
      .prepare('SELECT id AS digestId, name, imported_at AS importedAt FROM digest WHERE content_hash = ? ORDER BY id LIMIT 1')
      .get(contentHash) as ImportPlan['alreadyImported'] | undefined) ?? null;
  const matchedAt = opts.match ? libraryState(db) : null;
  const match = opts.match ? makeMatcher(db) : null;
  const seen = new Map<string, number>();
  const planned = parsed.entries.map((entry, i): PlannedEntry => {
    const key = titleKey(entry.title);
    const keys = entryKeys(entry, key);
    let earlier: number | undefined;
    for (const k of keys) {
      const at = seen.get(k);
      if (at === undefined) seen.set(k, i);
      else earlier ??= at;
    }
    return { entry, rank: i + 1, titleKey: key, match: earlier === undefined && match ? match(entry, key) : null, sameAs: earlier ?? null };
  });
  return { parsed, contentHash, alreadyImported, formatLabel, name: parsed.name?.trim() || fallbackName, planned, matchedAt };
}

/** What a plan shows; `matches` (by entry) replaces the plan's own, e.g. with what a commit did. */
export function previewOf(plan: ImportPlan, matches: readonly (Match | null)[] = plan.planned.map((p) => p.match)): ImportPreview {
  const { parsed } = plan;
  const planned = plan.planned.map((p, i) => ({ ...p, match: matches[i] ?? null }));
  const rootOf = (p: PlannedEntry): PlannedEntry => (p.sameAs === null ? p : planned[p.sameAs]!);
  const distinct = planned.filter((p) => p.sameAs === null);
  return {
    format: parsed.format,
    formatLabel: plan.formatLabel,
    name: plan.name,
    date: parsed.date ?? null,
    dateNote: parsed.dateNote ?? null,
    alreadyImported: plan.alreadyImported,
    planKey: plan.contentHash,
    found: planned.length,
    new: distinct.filter((p) => !p.match).length,
    existing: distinct.filter((p) => p.match).length,
    unreadable: parsed.problems.map((p) => ({ line: p.line, entry: p.entry ?? null, reason: p.reason })),
    entries: planned.map((p) => {
      const root = rootOf(p);
      return {
        line: p.entry.line,
        title: p.entry.title,
        arxivId: p.entry.arxivId ?? null,
        state: root.match ? ('existing' as const) : ('new' as const),
        paperId: root.match?.paperId ?? null,
        matchedBy: root.match?.by ?? null,
      };
    }),
  };
}

interface CommitOutcome {
  digestId: number;
  added: number;
  merged: number;
  /** What each entry turned out to be (by plan entry; null for a new paper or a repeat): the plan is left as it was given. */
  matches: (Match | null)[];
  /** Whether the library had changed since the plan was matched, so it was matched again under the lock. */
  rematched: boolean;
}

/**
 * Writes a planned import as one digest in one transaction: new papers are inserted, known ones
 * only gain what they lacked (never the user's status), and every paper is linked to the digest
 * with its rank and upvotes there. Under the write lock, the plan's matches are used if the
 * library is still as it was when they were made; otherwise matching is redone there, so a
 * concurrent import cannot make us insert a duplicate.
 */
export function commitImport(db: Database, plan: ImportPlan, raw: string, sourceName: string | null, now: string): CommitOutcome {
  const insertDigest = db.prepare(
    'INSERT INTO digest (name, date, format, source_name, raw, content_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const sameDigest = db.prepare('SELECT id FROM digest WHERE content_hash = ? ORDER BY id LIMIT 1').pluck();
  const insertPaper = db.prepare(`
    INSERT INTO paper (arxiv_id, arxiv_version, doi, title, title_key, abstract, authors, author_count, published,
                       upvotes, links, categories, status_changed_at, added_at, last_digest_id, digest_count)
    VALUES (@arxivId, @arxivVersion, @doi, @title, @titleKey, @abstract, @authors, @authorCount, @published,
            @upvotes, @links, @categories, @now, @now, @digestId, 1)`);
  // Fill what is missing (a made-up title is missing); never touch status, read dates or anything the user set.
  const mergePaper = db.prepare(`
    UPDATE paper SET
      title = CASE WHEN @realTitle AND ${PLACEHOLDER_TITLE_SQL} THEN @title ELSE title END,
      title_key = CASE WHEN @realTitle AND ${PLACEHOLDER_TITLE_SQL} THEN @titleKey ELSE title_key END,
      arxiv_id = COALESCE(arxiv_id, @arxivId),
      arxiv_version = CASE WHEN @arxivVersion > COALESCE(arxiv_version, 0) THEN @arxivVersion ELSE arxiv_version END,
      doi = COALESCE(doi, @doi),
      abstract = COALESCE(abstract, @abstract),
      authors = COALESCE(authors, @authors),
      author_count = COALESCE(author_count, @authorCount),
      published = COALESCE(published, @published),
      upvotes = max(upvotes, @upvotes),
      links = CASE WHEN links = '[]' THEN @links ELSE links END,
      categories = COALESCE(categories, @categories),
      last_digest_id = @digestId,
      digest_count = digest_count + 1
    WHERE id = @id`);
  const link = db.prepare('INSERT OR IGNORE INTO paper_digest (paper_id, digest_id, rank, upvotes) VALUES (?, ?, ?, ?)');

  const run = db.transaction((): CommitOutcome => {
    const rematched = plan.matchedAt === null || plan.matchedAt !== libraryState(db);
    const matcher = rematched ? makeMatcher(db) : null;
    const { parsed } = plan;
    const matches: (Match | null)[] = plan.planned.map(() => null);
    const earlier = sameDigest.get(plan.contentHash) as number | undefined;
    if (earlier !== undefined) return { digestId: earlier, added: 0, merged: 0, matches: plan.planned.map((p) => p.match), rematched: false };
    const digestId = Number(insertDigest.run(plan.name, parsed.date ?? null, parsed.format, sourceName, raw, plan.contentHash, now).lastInsertRowid);
    const paperOf: number[] = [];
    let added = 0;
    let merged = 0;
    const touched = new Set<number>();
    for (const [i, p] of plan.planned.entries()) {
      const e = p.entry;
      if (p.sameAs !== null) {
        paperOf.push(paperOf[p.sameAs]!);
        continue;
      }
      const row = {
        arxivId: e.arxivId ?? null,
        arxivVersion: e.arxivVersion ?? null,
        doi: e.doi ?? null,
        title: e.title,
        titleKey: p.titleKey,
        realTitle: isPlaceholderTitle(e.title, e) ? 0 : 1,
        abstract: e.abstract ?? null,
        authors: e.authors ? JSON.stringify(e.authors) : null,
        authorCount: e.authorCount ?? e.authors?.length ?? null,
        published: e.published ?? null,
        upvotes: e.upvotes ?? 0,
        links: JSON.stringify(e.links ?? []),
        categories: e.categories ? JSON.stringify(e.categories) : null,
        now,
        digestId,
      };
      const m = matcher ? matcher(e, p.titleKey) : p.match;
      matches[i] = m;
      if (m && touched.has(m.paperId)) {
        paperOf.push(m.paperId);
      } else if (m) {
        touched.add(m.paperId);
        mergePaper.run({ ...row, id: m.paperId });
        paperOf.push(m.paperId);
        merged++;
      } else {
        paperOf.push(Number(insertPaper.run(row).lastInsertRowid));
        added++;
      }
    }
    plan.planned.forEach((p, i) => link.run(paperOf[i], digestId, p.rank, p.entry.upvotes ?? null));
    bumpRevision(db);
    return { digestId, added, merged, matches, rematched };
  });
  return run.immediate();
}
