/**
 * A paper as a sparse vector of hashed TF-IDF features, as arxiv-sanity did (words and word
 * pairs of the title and abstract), plus its authors and arXiv categories. Hashing into a fixed
 * space needs no vocabulary to keep in step with the library; words are hashed as they are read,
 * character by character, without making a string per word: featurising 100,000 abstracts is
 * the bulk of scoring them.
 */
export const DIMS = 1 << 18;
const MASK = DIMS - 1;

/** What the model reads of a paper (authors and categories as stored: JSON arrays or null). */
export interface PaperText {
  title: string;
  abstract: string | null;
  authors: string | null;
  categories: string | null;
}

export interface SparseVector {
  idx: Int32Array;
  /** Term frequencies before `weigh`, unit-length TF-IDF weights after. */
  val: Float32Array;
}

const FNV = 0x811c9dc5;
const PRIME = 0x01000193;
const SEED_BIGRAM = 0x9e3779b1;
const SEED_AUTHOR = 0x85ebca6b;
const SEED_CATEGORY = 0xc2b2ae35;
const TITLE_WEIGHT = 2;
const AUTHOR_WEIGHT = 1;
const CATEGORY_WEIGHT = 2;

function hashString(s: string, seed = FNV): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), PRIME) >>> 0;
  return h;
}

// Words too common in abstracts to tell one subfield from another.
const STOP = new Set(
  (
    'a an and are as at be by can for from has have in into is it its of on or our that the their these this those to was we were which with ' +
    'using use used based via new show shows paper propose proposed approach method methods results also such than then there both between ' +
    'however while where when how what not only more most other over under each all any some two one may well up out further further its'
  )
    .split(' ')
    .map((w) => hashString(w)),
);
// A first look before the set: most words are not stop words, and a bit costs less than a lookup.
const STOP_BITS = new Uint8Array(1 << 16);
for (const h of STOP) STOP_BITS[h & 0xffff] = 1;

// One buffer per thread: term frequencies by feature, and which features a document touched.
const acc = new Float32Array(DIMS);
const touched = new Int32Array(DIMS);
let nTouched = 0;

function add(feature: number, weight: number): void {
  const f = feature & MASK;
  if (acc[f] === 0) touched[nTouched++] = f;
  acc[f] = acc[f]! + weight;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c > 127 && c !== 0x2014 && c !== 0x2013 && c !== 0x2019 && c !== 0xa0);
}

/** Words (lower-cased, at least 2 characters, not stop words) and pairs of consecutive words. */
function words(text: string, weight: number): void {
  let h = FNV;
  let len = 0;
  let prev = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    let c = i < n ? text.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, PRIME) >>> 0;
      len++;
      continue;
    }
    if (len >= 2 && !(STOP_BITS[h & 0xffff] === 1 && STOP.has(h))) {
      let f = h & MASK;
      if (acc[f] === 0) touched[nTouched++] = f;
      acc[f] = acc[f]! + weight;
      if (prev !== 0) {
        f = (Math.imul(prev ^ SEED_BIGRAM, PRIME) ^ h) & MASK;
        if (acc[f] === 0) touched[nTouched++] = f;
        acc[f] = acc[f]! + weight;
      }
      prev = h;
    } else if (len > 0) prev = 0; // a stop word breaks the pair
    h = FNV;
    len = 0;
  }
}

function jsonList(json: string | null): string[] {
  if (!json) return [];
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** 1 + ln tf for the small whole counts most features have. */
const SUBLINEAR = Float32Array.from({ length: 256 }, (_, i) => (i === 0 ? 0 : 1 + Math.log(i)));
const sublinear = (tf: number) => (tf < 256 && Number.isInteger(tf) ? SUBLINEAR[tf]! : 1 + Math.log(tf));

function count(p: PaperText): void {
  nTouched = 0;
  words(p.title, TITLE_WEIGHT);
  if (p.abstract) words(p.abstract, 1);
  for (const a of jsonList(p.authors)) add(hashString(a.toLowerCase().replace(/\s+/g, ' ').trim(), SEED_AUTHOR), AUTHOR_WEIGHT);
  for (const c of jsonList(p.categories)) add(hashString(c.toLowerCase(), SEED_CATEGORY), CATEGORY_WEIGHT);
}

/** Term frequencies of one paper (sublinear: 1 + ln tf), not yet weighted. */
export function featurize(p: PaperText): SparseVector {
  count(p);
  const idx = new Int32Array(nTouched);
  const val = new Float32Array(nTouched);
  for (let k = 0; k < nTouched; k++) {
    const f = touched[k]!;
    idx[k] = f;
    val[k] = sublinear(acc[f]!);
    acc[f] = 0;
  }
  return { idx, val };
}

const scratchVal = new Float32Array(DIMS);

/**
 * featurize + weigh without allocating: the vector lives in buffers reused by the next call, so
 * use it before featurising another paper (scoring 100,000 papers makes no garbage).
 */
export function weighedScratch(p: PaperText, idf: Float32Array): SparseVector {
  count(p);
  let norm = 0;
  for (let k = 0; k < nTouched; k++) {
    const f = touched[k]!;
    const w = sublinear(acc[f]!) * idf[f]!;
    acc[f] = 0;
    scratchVal[k] = w;
    norm += w * w;
  }
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < nTouched; k++) scratchVal[k] = scratchVal[k]! * s;
  return { idx: touched.subarray(0, nTouched), val: scratchVal.subarray(0, nTouched) };
}

/** Inverse document frequencies from the documents' features (smoothed, as scikit-learn's). */
export function idfOf(docs: SparseVector[]): Float32Array {
  const df = new Uint32Array(DIMS);
  for (const d of docs) for (let k = 0; k < d.idx.length; k++) df[d.idx[k]!]!++;
  const idf = new Float32Array(DIMS);
  const n = docs.length;
  for (let f = 0; f < DIMS; f++) idf[f] = Math.log((n + 1) / (df[f]! + 1)) + 1;
  return idf;
}

/** TF × IDF, scaled to unit length (in place). */
export function weigh(v: SparseVector, idf: Float32Array): SparseVector {
  let norm = 0;
  for (let k = 0; k < v.idx.length; k++) {
    const w = v.val[k]! * idf[v.idx[k]!]!;
    v.val[k] = w;
    norm += w * w;
  }
  const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < v.val.length; k++) v.val[k]! *= s;
  return v;
}

export function dot(v: SparseVector, w: Float32Array): number {
  let s = 0;
  for (let k = 0; k < v.idx.length; k++) s += v.val[k]! * w[v.idx[k]!]!;
  return s;
}
