import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Subscription } from '../../../shared/methods/subscriptions';
import type { ParsedDigest, ParsedEntry } from '../../../shared/parsed';
import { commitImport, planImport } from '../library/import';
import { applyFilters } from './filters';
import { papersSeenBy, recordRun } from './store';

export interface IngestResult {
  found: number;
  added: number;
  existing: number;
  /** Entries this subscription brought before. */
  seen: number;
  filteredOut: number;
  digest: { id: number; name: string; papers: number } | null;
}

export interface IngestInput {
  sub: Subscription;
  parsed: ParsedDigest;
  formatLabel: string;
  /** The answer as it came: kept as the digest's raw text. */
  raw: string;
  /** The digest's name ("HF Daily Papers 2026-12-03") and day. */
  name: string;
  day: string | null;
  url: string;
  now: string;
  interestOf?: (entries: ParsedEntry[]) => (number | null)[] | null;
}

/**
 * One answer of a source into the library, through the import pipeline (plan, then commit as one
 * digest in one transaction, deduplicated against the library with provenance): the filters
 * first, then what this subscription brought before is left out, and what remains becomes a
 * digest. Nothing new, no digest. The run is recorded in the same transaction as the digest.
 */
export function ingest(db: Database, input: IngestInput): IngestResult {
  const { sub, parsed } = input;
  const found = parsed.entries.length;
  const { kept, dropped } = applyFilters(parsed.entries, sub.filters, input.interestOf);
  const filtered = { ...parsed, name: input.name, date: input.day ?? parsed.date ?? null, entries: kept };

  // Which of the kept entries are papers this subscription already brought (the library matches them).
  const preview = planImport(db, filtered, input.formatLabel, input.name, '', { match: true });
  const matched = preview.planned.map((p) => p.match?.paperId ?? (p.sameAs !== null ? (preview.planned[p.sameAs]!.match?.paperId ?? null) : null));
  const seenIds = papersSeenBy(db, sub.id, matched.filter((x): x is number => x !== null));
  const fresh = kept.filter((_, i) => matched[i] == null || !seenIds.has(matched[i]!));
  const seen = kept.length - fresh.length;
  const base = { found, seen, filteredOut: dropped.length };

  return db
    .transaction((): IngestResult => {
      if (fresh.length === 0) {
        recordRun(db, sub.id, { day: input.day, found, added: 0, existing: 0, filtered: dropped.length, digestId: null }, input.now);
        return { ...base, added: 0, existing: 0, digest: null };
      }
      // The same answer with the same filters is one digest, however often it is fetched.
      const hash = createHash('sha256')
        .update(input.raw)
        .update(`\u0000subscription ${sub.id}\u0000${fresh.map((e) => e.arxivId ?? e.doi ?? e.title).join('\u0001')}`)
        .digest('hex');
      const plan = planImport(db, { ...filtered, entries: fresh }, input.formatLabel, input.name, hash, { match: false });
      const outcome = commitImport(db, plan, input.raw, input.url, input.now);
      recordRun(db, sub.id, { day: input.day, found, added: outcome.added, existing: outcome.merged, filtered: dropped.length, digestId: outcome.digestId }, input.now);
      return { ...base, added: outcome.added, existing: outcome.merged, digest: { id: outcome.digestId, name: plan.name, papers: fresh.length } };
    })
    .immediate();
}
