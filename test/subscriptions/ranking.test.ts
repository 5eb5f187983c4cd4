import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/open';
import { formatById } from '../../src/main/core/import/detect';
import { refreshInterest } from '../../src/main/core/interest/update';
import { commitImport, planImport } from '../../src/main/core/library/import';
import type { ParsedEntry } from '../../src/shared/parsed';
import { CORPUS, tempDir } from '../helpers/paths';

/**
 * The ranking measured on real metadata: the 538 records of a real OAI-PMH page of arXiv (cs,
 * 1993–2007, with their categories and dates). A simulated reader follows one subfield: they
 * read its papers and skip the others. The model learns from the older 60% of the records and
 * ranks the newer 40%, which it never saw; the figures compare it with the orders a reader
 * would otherwise have (upvotes, date). Categories are a feature of the model, and here they
 * also define what the reader likes, so each subfield is measured twice: with everything the
 * model reads, and with the categories hidden (title, abstract and authors only).
 */
const OAI = path.join(CORPUS, 'arxiv-atom', 'oai-pmh-2016-listrecords-cs-final-page.xml');

/** ROC AUC (the probability that a liked paper ranks above a skipped one; ties count half). */
export function rocAuc(scores: number[], liked: boolean[]): number {
  const order = scores.map((s, i) => ({ s, y: liked[i]! })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const mid = (i + 1 + j) / 2; // average rank of the tie
    for (let k = i; k < j; k++) {
      if (!order[k]!.y) continue;
      rankSum += mid;
      pos++;
    }
    i = j;
  }
  const neg = order.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Of the first 10 in the order (highest score first; ties in the given order), how many are liked. */
export function precisionAt10(scores: number[], liked: boolean[]): number {
  const order = scores.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i);
  return order.slice(0, 10).filter((o) => liked[o.i]).length / 10;
}

interface Figures {
  subfield: string;
  features: string;
  train: { liked: number; skipped: number };
  test: { liked: number; total: number };
  auc: { model: number; upvotes: number; date: number };
  p10: { model: number; upvotes: number; date: number };
}

function simulate(entries: ParsedEntry[], subfield: string, hideCategories: boolean): Figures {
  const sorted = [...entries].sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
  const cut = Math.floor(sorted.length * 0.6);
  const likes = (e: ParsedEntry) => !!e.categories?.includes(subfield);
  const shown = sorted.map((e) => ({ ...e, categories: hideCategories ? null : e.categories }));
  const db = openDatabase(tempDir());
  // The later part arrives as a digest of its own, newest first as a listing shows it.
  const older = shown.slice(0, cut);
  const newer = shown.slice(cut).reverse();
  for (const [name, part] of [['older', older], ['newer', newer]] as const) {
    const parsed = { format: 'oai-pmh', name, entries: part, problems: [] };
    commitImport(db, planImport(db, parsed, 'OAI-PMH', name, `h-${name}`), name, name, '2016-03-09T00:00:00Z');
  }
  const idOf = db.prepare('SELECT id FROM paper WHERE arxiv_id = ?').pluck();
  const read = db.prepare("UPDATE paper SET status = 'read', status_changed_at = ?, read_at = ? WHERE id = ?");
  const skip = db.prepare("INSERT INTO interest_signal (paper_id, kind, at) VALUES (?, 'skipped', ?)");
  let liked = 0;
  for (const e of sorted.slice(0, cut)) {
    const id = idOf.get(e.arxivId) as number;
    if (!likes(e)) {
      skip.run(id, e.published);
      continue;
    }
    read.run(e.published, e.published, id);
    liked++;
  }
  const outcome = refreshInterest(db, new Date('2016-03-09T00:00:00Z'));
  expect(outcome.status.state).toBe('ready');
  const test = sorted.slice(cut);
  const rows = test.map((e) => db.prepare('SELECT interest, upvotes, published FROM paper WHERE arxiv_id = ?').get(e.arxivId) as { interest: number; upvotes: number; published: string });
  const y = test.map(likes);
  const byModel = rows.map((r) => r.interest);
  // Upvotes, then date (Lectern's order before it has a model): OAI-PMH has no upvotes, so all
  // tie and the date decides the top ten; the AUC of upvotes alone is that of a coin.
  const byUpvotes = rows.map((r) => r.upvotes);
  const byUpvotesThenDate = rows.map((r) => r.upvotes * 1e13 + Date.parse(r.published));
  const byDate = rows.map((r) => Date.parse(r.published));
  db.close();
  return {
    subfield,
    features: hideCategories ? 'title, abstract, authors' : 'title, abstract, authors, categories',
    train: { liked, skipped: cut - liked },
    test: { liked: y.filter(Boolean).length, total: y.length },
    auc: { model: rocAuc(byModel, y), upvotes: rocAuc(byUpvotes, y), date: rocAuc(byDate, y) },
    p10: { model: precisionAt10(byModel, y), upvotes: precisionAt10(byUpvotesThenDate, y), date: precisionAt10(byDate, y) },
  };
}

describe('the interest model, measured on real arXiv metadata', () => {
  const text = fs.readFileSync(OAI, 'utf8');
  const entries = formatById('oai-pmh').parse(text, { fileName: OAI, now: new Date('2016-03-09T00:00:00Z') }).entries;

  it('ranks a later digest for a reader of one subfield far above upvotes and date order', () => {
    expect(entries).toHaveLength(538);
    const results: Figures[] = [];
    for (const subfield of ['quant-ph', 'cs.CC', 'cs.IT', 'cs.CR', 'nlin.AO']) {
      for (const hide of [false, true]) results.push(simulate(entries, subfield, hide));
    }
    const pct = (x: number) => x.toFixed(3);
    for (const r of results) {
      console.log(
        `${r.subfield.padEnd(8)} ${r.features.padEnd(36)} train ${r.train.liked}+/${r.train.skipped}- test ${r.test.liked}/${r.test.total} | ` +
          `AUC model ${pct(r.auc.model)} upvotes ${pct(r.auc.upvotes)} date ${pct(r.auc.date)} | P@10 model ${r.p10.model.toFixed(1)} upvotes ${r.p10.upvotes.toFixed(1)} date ${r.p10.date.toFixed(1)}`,
      );
    }
    // The target (AUC ≥ 0.85, P@10 at least twice the date order's) with what the model reads in
    // use; with the categories hidden the task is harder and the bar lower (the figures are printed).
    for (const r of results) {
      const full = r.features.includes('categories');
      expect(r.auc.model, `${r.subfield} (${r.features})`).toBeGreaterThanOrEqual(full ? 0.85 : 0.8);
      expect(r.p10.model, `${r.subfield} (${r.features})`).toBeGreaterThanOrEqual(Math.max(0.2, 2 * r.p10.date, 2 * r.p10.upvotes));
    }
  });
});
