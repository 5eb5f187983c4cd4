import type { Database } from 'better-sqlite3';
import { bumpRevision } from '../db/revision';
import { asciiFold, splitName } from './names';

const STOP = new Set(
  'a an the of on in for to and or with without via from by at is are as its into towards toward using through under over about what when why how do does can we our your new'.split(' '),
);

interface KeyFields {
  id: number;
  title: string;
  authors: string | null;
  published: string | null;
}

/** The key a paper would get with no other key in the way: family name, year, first title word. */
function baseKey(p: { id: number; title: string; authors: string[] | null; published: string | null }): string {
  const first = p.authors?.[0];
  // Without particles, as Better BibTeX does: "van der Berg" keys as berg.
  const family = first ? asciiFold(splitName(first).family.replace(/^(?:\p{Ll}+\s+)+/u, '')).toLowerCase().replace(/[^a-z]/g, '') : '';
  const year = /^\d{4}/.test(p.published ?? '') ? p.published!.slice(0, 4) : '';
  const words = asciiFold(p.title)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w) && /[a-z]/.test(w));
  // Without a known author, the title's first two words lead (as Better BibTeX's shorttitle).
  let key = family ? `${family.slice(0, 24)}${year}${(words[0] ?? '').slice(0, 24)}` : `${words.slice(0, 2).join('').slice(0, 32)}${year}`;
  if (!/^[a-z]/.test(key)) key = key ? `paper${key}` : `paper${p.id}`;
  return key;
}

/** a, b, …, z, aa, ab, … as Better BibTeX disambiguates. */
function suffix(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * Gives every paper in `ids` a citation key if it has none, and returns the keys. A key is
 * pinned on first use and never changes, so an export made today and one made next year cite the
 * same paper by the same key, whatever filter each used. Lower ids are keyed first, so of two
 * papers that want the same key, the older one gets it plain.
 */
export function ensureCiteKeys(db: Database, ids: readonly number[]): Map<number, string> {
  const read = db.prepare('SELECT id, cite_key FROM paper WHERE id = ?');
  const run = db.transaction(() => {
    const keys = new Map<number, string>();
    const missing: number[] = [];
    for (const id of ids) {
      const r = read.get(id) as { id: number; cite_key: string | null } | undefined;
      if (!r) continue;
      if (r.cite_key) keys.set(id, r.cite_key);
      else missing.push(id);
    }
    if (missing.length === 0) return keys;
    const taken = new Set((db.prepare('SELECT cite_key FROM paper WHERE cite_key IS NOT NULL').pluck().all() as string[]).map((k) => k.toLowerCase()));
    const fields = db.prepare('SELECT id, title, authors, published FROM paper WHERE id = ?');
    const pin = db.prepare('UPDATE paper SET cite_key = ? WHERE id = ?');
    for (const id of missing.sort((a, b) => a - b)) {
      const f = fields.get(id) as KeyFields;
      const base = baseKey({ ...f, authors: f.authors ? (JSON.parse(f.authors) as string[]) : null });
      let key = base;
      for (let n = 1; taken.has(key.toLowerCase()); n++) key = base + suffix(n);
      taken.add(key.toLowerCase());
      pin.run(key, id);
      keys.set(id, key);
    }
    bumpRevision(db);
    return keys;
  });
  // IMMEDIATE: two exports keying the same papers at once must not both pick a key.
  return run.immediate();
}
