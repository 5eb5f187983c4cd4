import type { Database } from 'better-sqlite3';
import type { InterestStatus } from '../../../shared/methods/subscriptions';
import { bumpRevision } from '../db/revision';
import { readSettings } from '../subscriptions/store';
import { featurize, idfOf, weigh, weighedScratch, type PaperText, type SparseVector } from './features';
import { deserialize, interestOf, Neighbours, serialize, train, type InterestModel } from './model';
import { NEEDED, positiveIds, readSignals, signalSignature } from './signals';

export interface RefreshOutcome {
  status: InterestStatus;
  trained: boolean;
  /** Unread papers given a score (or a fallback rank) in this run. */
  scored: number;
  trainMs: number;
  scoreMs: number;
}

interface ModelRow {
  trained_at: string;
  signature: string;
  positives: number;
  negatives: number;
  data: Buffer | null;
}

/** Papers whose words set the IDF besides the signals (the newest unread ones). */
const IDF_SAMPLE = 5000;
const WRITE_BATCH = 5000;

export function modelRow(db: Database, withData = false): ModelRow | null {
  return (db.prepare(`SELECT trained_at, signature, positives, negatives, ${withData ? 'data' : 'NULL AS data'} FROM interest_model WHERE id = 1`).get() as ModelRow | undefined) ?? null;
}

export function loadModel(db: Database): InterestModel | null {
  const row = modelRow(db, true);
  return row?.data ? deserialize(row.data) : null;
}

/** How "For you" is ordered now, in a sentence. */
export function statusOf(db: Database): InterestStatus {
  const enabled = readSettings(db).interestEnabled;
  const row = modelRow(db);
  const positives = row?.positives ?? 0;
  const negatives = row?.negatives ?? 0;
  const base = { positives, negatives, needed: NEEDED, trainedAt: row?.trained_at ?? null };
  if (!enabled) return { ...base, state: 'off', trainedAt: null, reason: 'Ranking by your reading is off: “For you” orders the Inbox by upvotes, then date.' };
  if (positives >= NEEDED && negatives >= NEEDED) {
    return {
      ...base,
      state: 'ready',
      reason: `Ranked by a model of your own reading (${positives} papers you read, kept, starred, tagged or highlighted; ${negatives} you skipped or removed), trained on this computer; nothing leaves it.`,
    };
  }
  return {
    ...base,
    state: 'learning',
    trainedAt: null,
    reason:
      `Ordered by upvotes, then date, until Lectern has learned from ${NEEDED} papers you read, kept, starred or tagged (${Math.min(positives, NEEDED)} so far) ` +
      `and ${NEEDED} you skipped in triage or removed unread (${Math.min(negatives, NEEDED)} so far).`,
  };
}

const vec = (p: PaperText, idf: Float32Array): SparseVector => weigh(featurize(p), idf);

/**
 * Brings the interest scores up to date: trains again when the signals changed (or `force`),
 * then scores every unread paper (after training) or only the unread papers without a score.
 * Without a model (too few signals, or turned off) the rank is upvotes, then date, and the
 * interest is null. Runs in the interest worker thread (the app, `lectern serve`) or inline (CLI).
 */
export function refreshInterest(db: Database, now: Date, opts: { force?: boolean } = {}): RefreshOutcome {
  const t0 = performance.now();
  const enabled = readSettings(db).interestEnabled;
  const signature = signalSignature(db);
  const row = modelRow(db);
  let model: InterestModel | null = null;
  let trained = false;
  let all = false;

  const hadModel = !!db.prepare('SELECT 1 FROM interest_model WHERE id = 1 AND data IS NOT NULL').get();
  if (!row || row.signature !== signature || opts.force) {
    const signals = enabled ? readSignals(db) : [];
    const positives = signals.filter((s) => s.positive).length;
    const negatives = signals.length - positives;
    let data: Buffer | null = null;
    if (enabled && positives >= NEEDED && negatives >= NEEDED) {
      const tf = signals.map((s) => featurize(s));
      const sample = db.prepare(`SELECT title, abstract, authors, categories FROM paper WHERE status = 'unread' ORDER BY id DESC LIMIT ${IDF_SAMPLE}`).all() as PaperText[];
      const idf = idfOf([...tf, ...sample.map((p) => featurize(p))]);
      const examples = signals.map((s, i) => ({ x: weigh(tf[i]!, idf), positive: s.positive }));
      model = train(examples, idf);
      data = serialize(model);
      trained = true;
    }
    db.prepare(
      `INSERT INTO interest_model (id, trained_at, signature, positives, negatives, data) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET trained_at = excluded.trained_at, signature = excluded.signature, positives = excluded.positives,
         negatives = excluded.negatives, data = excluded.data`,
    ).run(now.toISOString(), signature, positives, negatives, data);
    // Every unread paper again when a model ranks (a new one), or stops ranking; while there is
    // none, the fallback order (upvotes, then date) does not depend on the signals.
    all = trained || hadModel || !row || !!opts.force;
  }
  const trainMs = performance.now() - t0;
  const scored = scoreUnread(db, all ? model : null, all, enabled && !all);
  return { status: statusOf(db), trained, scored, trainMs, scoreMs: performance.now() - t0 - trainMs };
}

/** The papers read or starred, to say which ones an unread paper is like. */
function likeable(db: Database, model: InterestModel): Neighbours {
  const liked = db
    .prepare(`SELECT id, title, abstract, authors, categories FROM paper WHERE id IN (${positiveIds(db, true)}) ORDER BY status_changed_at DESC LIMIT 10000`)
    .all() as (PaperText & { id: number })[];
  return new Neighbours(liked.map((p) => p.id), liked.map((p) => vec(p, model.idf)));
}

/**
 * Scores (or ranks by upvotes, then date, without a model) the unread papers: all, or those
 * without a rank. The stored model is loaded only when there is something to score with it.
 */
function scoreUnread(db: Database, trained: InterestModel | null, all: boolean, useStored: boolean): number {
  const select = db.prepare(
    all
      ? "SELECT id, title, abstract, authors, categories, upvotes, coalesce(published, substr(added_at, 1, 10)) AS day FROM paper WHERE status = 'unread'"
      : "SELECT id, title, abstract, authors, categories, upvotes, coalesce(published, substr(added_at, 1, 10)) AS day FROM paper INDEXED BY paper_unscored WHERE status = 'unread' AND interest_rank IS NULL",
  );
  if (!all && !db.prepare("SELECT 1 FROM paper INDEXED BY paper_unscored WHERE status = 'unread' AND interest_rank IS NULL LIMIT 1").get()) return 0;
  const model = trained ?? (useStored ? loadModel(db) : null);
  const near = model ? likeable(db, model) : null;
  // Streamed: only the results are kept (100,000 abstracts held at once would be 150 MB of strings).
  const ids: number[] = [];
  const interest: number[] = [];
  const because: (string | null)[] = [];
  for (const r of select.iterate() as IterableIterator<PaperText & { id: number; upvotes: number; day: string | null }>) {
    ids.push(r.id);
    if (model) {
      const x = weighedScratch(r, model.idf);
      interest.push(interestOf(model, x));
      const like = near?.near(x) ?? [];
      because.push(like.length ? JSON.stringify(like) : null);
    } else {
      // Upvotes first, then the day (days since 1970 stay below 10^5).
      const day = r.day && /^\d{4}-\d{2}-\d{2}/.test(r.day) ? Date.parse(r.day.slice(0, 10)) / 86_400_000 : 0;
      interest.push(r.upvotes * 1e5 + Math.max(0, day));
      because.push(null);
    }
  }
  const update = db.prepare('UPDATE paper SET interest = ?, interest_rank = ?, interest_because = ? WHERE id = ?');
  // In batches, so a rescore of 100,000 papers never holds the write lock for long.
  for (let start = 0; start < ids.length; start += WRITE_BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(ids.length, start + WRITE_BATCH); i++) update.run(model ? interest[i] : null, interest[i], because[i], ids[i]);
      if (start + WRITE_BATCH >= ids.length) bumpRevision(db);
    }).immediate();
  }
  return ids.length;
}

/** Scores of entries not in the library yet (a subscription's "at most N by interest"); null without a model. */
export function scoreTexts(model: InterestModel | null, texts: PaperText[]): number[] | null {
  return model ? texts.map((t) => interestOf(model, weighedScratch(t, model.idf))) : null;
}
