/**
 * A generated library written straight into SQLite with prepared inserts (the import path would
 * take minutes at 1,000,000 papers): daily digests of ~50 papers, a Zipf-distributed vocabulary
 * so search terms range from rare to very common, author lists, a reading history with status
 * events, PDF states, tags, stars and a few notes. The search indexes are rebuilt at the end.
 */
import { openDatabase } from '../src/main/core/db/open';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

// Real abstracts: function words and generic research words are the most frequent; topic words
// (diffusion, graph, quantum…) come later, each in a few percent of papers.
const STOP = 'the of and a to in we is for that on with by this as are an our from be at which can it these using show results'.split(' ');
const GENERIC = 'model models method methods data learning performance approach propose task tasks training large language network neural based new paper study first existing problem work framework'.split(' ');
const STEMS = (
  'attention vision reasoning benchmark agent retrieval diffusion transformer graph policy reward alignment evaluation robust ' +
  'efficient sparse multimodal generation representation inference scaling token context memory quantum protein molecule ' +
  'physics galaxy climate robot navigation speech audio video image segmentation detection tracking planning search ' +
  'optimization gradient convex stochastic bayesian causal federated privacy adversarial contrastive distillation pruning ' +
  'compression kernel manifold topology spectral'
).split(' ');
const SYLLABLES = 'ka lo mi ne ra tu shi vo zen pra gel tor mun dex lix qua bri fon har sel'.split(' ');
const FIRST = 'Ada Alan Grace Edsger Barbara Donald Leslie Frances Tim Yann Geoffrey Fei-Fei Andrew Daphne Yoshua Jürgen Ilya Oriol Percy Chelsea'.split(' ');
const LAST = 'Lovelace Turing Hopper Dijkstra Liskov Knuth Lamport Allen Berners-Lee LeCun Hinton Li Ng Koller Bengio Schmidhuber Sutskever Vinyals Liang Finn Müller García Nakamura Okafor Ivanova'.split(' ');
const TAGS = 'to-read-later survey reproduce cite-in-thesis baseline dataset theory rl nlp cv audio robotics important group-meeting skim'.split(' ');

/**
 * A vocabulary of 30,000 words in frequency order: function words, generic research words, then
 * made-up words with the topic words spread among them from rank 60 to about 600.
 */
function vocabulary(r: () => number): { words: string[]; content: number } {
  const words = [...STOP, ...GENERIC];
  const seen = new Set(words);
  const topics = [...STEMS];
  while (words.length < 30000) {
    if (topics.length && words.length >= 60 && words.length % 10 === 0) {
      const t = topics.shift()!;
      seen.add(t);
      words.push(t);
      continue;
    }
    const n = 2 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return { words, content: STOP.length };
}

/** Zipf(s≈1) sampling: a table of 2^20 draws laid out by the CDF, then O(1) per sample. */
function zipf(n: number, r: () => number): () => number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += 1 / (i + 1);
  const size = 1 << 20;
  const table = new Uint16Array(size);
  let at = 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += 1 / (i + 1);
    const until = Math.min(size, Math.round((acc / sum) * size));
    table.fill(i, at, until);
    at = until;
  }
  return () => table[(r() * size) | 0]!;
}

export interface GeneratedLibrary {
  papers: number;
  digests: number;
  seconds: number;
}

/** Writes `n` papers into a new library in `dir`. `now` is the newest digest's import time. */
export function generateLibrary(dir: string, n: number, now = new Date(), seed = 7): GeneratedLibrary {
  const t0 = performance.now();
  const r = rng(seed);
  const { words: vocab, content } = vocabulary(r);
  const pick = zipf(vocab.length, r);
  const text = (k: number, titleWords = false) => {
    const out: string[] = [];
    while (out.length < k) {
      const i = pick();
      if (titleWords && i < content) continue; // titles are made of content words
      out.push(vocab[i]!);
    }
    return out.join(' ');
  };
  const db = openDatabase(dir);
  // A throwaway library: the journal in memory while it is written (not a WAL as large as the
  // file; better-sqlite3's defensive mode refuses OFF, and WAL must be left for DELETE first), and
  // the indexes built once at the end (sorting once is far faster than inserting into a dozen
  // B-trees row by row).
  db.pragma('journal_mode = DELETE');
  db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('paper', 'paper_digest', 'status_event', 'paper_tag') AND sql IS NOT NULL").all() as { name: string; sql: string }[];
  for (const ix of indexes) db.exec(`DROP INDEX "${ix.name}"`);
  const perDigest = 50;
  const digestCount = Math.max(1, Math.ceil(n / perDigest));
  const day = 86_400_000;

  const insDigest = db.prepare('INSERT INTO digest (id, name, date, format, source_name, raw, content_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insPaper = db.prepare(`INSERT INTO paper (id, arxiv_id, arxiv_version, title, title_key, abstract, authors, author_count, published, upvotes, links,
      status, status_changed_at, read_at, pdf_state, added_at, last_digest_id, digest_count, starred, note, note_updated_at)
    VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insLink = db.prepare('INSERT INTO paper_digest (paper_id, digest_id, rank, upvotes) VALUES (?, ?, ?, ?)');
  const insEvent = db.prepare('INSERT INTO status_event (paper_id, at, from_status, to_status) VALUES (?, ?, ?, ?)');
  const insTag = db.prepare('INSERT INTO tag (id, name, created_at) VALUES (?, ?, ?)');
  const insPaperTag = db.prepare('INSERT INTO paper_tag (paper_id, tag_id) VALUES (?, ?)');

  db.transaction(() => {
    TAGS.forEach((t, i) => insTag.run(i + 1, t, now.toISOString()));
    let id = 0;
    for (let d = 1; d <= digestCount; d++) {
      // Oldest digest first, one a day up to now.
      const imported = new Date(now.getTime() - (digestCount - d) * day);
      const date = imported.toISOString().slice(0, 10);
      insDigest.run(d, `Daily Papers ${date}`, date, 'hf-text', null, '', `gen-${d}`, imported.toISOString());
      const age = (digestCount - d) / digestCount; // 0 = newest
      for (let rank = 1; rank <= perDigest && id < n; rank++) {
        id++;
        const title = text(6 + Math.floor(r() * 6), true).replace(/^./, (c) => c.toUpperCase()) + ` ${id}`;
        const authorCount = 1 + Math.floor(r() * 12);
        const authors = r() < 0.7 ? JSON.stringify(Array.from({ length: authorCount }, () => `${FIRST[Math.floor(r() * FIRST.length)]} ${LAST[Math.floor(r() * LAST.length)]}`)) : null;
        const pub = new Date(imported.getTime() - Math.floor(r() * 30) * day).toISOString().slice(0, 10);
        const upvotes = r() < 0.5 ? 0 : Math.floor(1 / (r() + 0.005));
        // Older digests are mostly dealt with; the newest weeks are the backlog.
        const x = r();
        const status = age < 0.02 ? (x < 0.1 ? 'read' : 'unread') : x < 0.55 ? 'read' : x < 0.6 ? 'reading' : 'unread';
        const changed = status === 'unread' ? imported.toISOString() : new Date(imported.getTime() + Math.floor(r() * 10 * day)).toISOString();
        const y = r();
        const pdf = y < 0.35 ? 'downloaded' : y < 0.37 ? 'failed' : y < 0.39 ? 'queued' : 'none';
        const note = r() < 0.01 ? `My note on ${id}: ${text(12)}` : null;
        const ax = `${String(10 + (id % 90)).padStart(2, '0')}${String(1 + (id % 12)).padStart(2, '0')}.${String(id).padStart(7, '0')}`;
        insPaper.run(id, ax, title, title.toLowerCase(), `${text(140)}.`, authors, authorCount, pub, upvotes, status, changed,
          status === 'read' ? changed : null, pdf, imported.toISOString(), d, 1, r() < 0.03 ? 1 : 0, note, note ? changed : null);
        insLink.run(id, d, rank, upvotes || null);
        if (status !== 'unread') insEvent.run(id, changed, 'unread', status);
        if (r() < 0.1) insPaperTag.run(id, 1 + Math.floor(r() * TAGS.length));
      }
    }
  })();
  const t1 = performance.now();
  for (const ix of indexes) db.exec(ix.sql);
  const t2 = performance.now();
  db.exec(`INSERT INTO paper_fts (paper_fts) VALUES ('rebuild');
           UPDATE meta SET value = (SELECT coalesce(max(id), 0) FROM paper) WHERE key = 'fts_indexed_upto';`);
  db.pragma('synchronous = NORMAL');
  db.pragma('journal_mode = WAL');
  if (process.env.BENCH_VERBOSE) {
    console.log(`  rows ${((t1 - t0) / 1000).toFixed(1)} s, indexes ${((t2 - t1) / 1000).toFixed(1)} s, search index ${((performance.now() - t2) / 1000).toFixed(1)} s`);
  }
  db.close();
  return { papers: n, digests: digestCount, seconds: (performance.now() - t0) / 1000 };
}
