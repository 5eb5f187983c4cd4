import { dot, DIMS, type SparseVector } from './features';

/** A linear classifier over the hashed TF-IDF features: interest = sigmoid(w·x + b). */
export interface InterestModel {
  weights: Float32Array;
  bias: number;
  idf: Float32Array;
}

export interface Example {
  x: SparseVector;
  positive: boolean;
}

/** Passes over the signals: many for the few a new user has, fewer for thousands (each pass then sees plenty). */
const epochsFor = (n: number) => Math.max(8, Math.min(30, Math.round(60_000 / Math.max(1, n))));
// Strong: a reader gives tens of signals, not thousands (chosen on the measurement in test/subscriptions/ranking.test.ts).
const L2 = 3e-3;

/**
 * L2-regularised logistic regression, each class weighted to count as much as the other (a user
 * reads far fewer papers than they skip, or the reverse), trained by AdaGrad over shuffled
 * examples. Deterministic: the shuffle has a fixed seed, so the same signals give the same model.
 */
export function train(examples: Example[], idf: Float32Array): InterestModel {
  const w = new Float32Array(DIMS);
  const g2 = new Float32Array(DIMS);
  let b = 0;
  let gb = 0;
  const pos = examples.filter((e) => e.positive).length;
  const neg = examples.length - pos;
  const weightOf = (p: boolean) => (examples.length / 2) / Math.max(1, p ? pos : neg);
  const order = examples.map((_, i) => i);
  let seed = 12345;
  const rand = () => ((seed = Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296;
  const lr = 0.5;
  for (let epoch = 0, epochs = epochsFor(examples.length); epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const e = examples[i]!;
      const z = dot(e.x, w) + b;
      const p = 1 / (1 + Math.exp(-z));
      const err = ((e.positive ? 1 : 0) - p) * weightOf(e.positive);
      const { idx, val } = e.x;
      for (let k = 0; k < idx.length; k++) {
        const f = idx[k]!;
        const g = err * val[k]! - L2 * w[f]!;
        g2[f] = g2[f]! + g * g;
        w[f] = w[f]! + (lr * g) / Math.sqrt(g2[f]! + 1e-8);
      }
      gb += err * err;
      b += (lr * err) / Math.sqrt(gb + 1e-8);
    }
  }
  return { weights: w, bias: b, idf };
}

export function interestOf(model: InterestModel, x: SparseVector): number {
  return 1 / (1 + Math.exp(-(dot(x, model.weights) + model.bias)));
}

/** The model as one blob: weights, then idf, then the bias. */
export function serialize(m: InterestModel): Buffer {
  const out = Buffer.alloc(DIMS * 8 + 8);
  Buffer.from(m.weights.buffer, m.weights.byteOffset, m.weights.byteLength).copy(out, 0);
  Buffer.from(m.idf.buffer, m.idf.byteOffset, m.idf.byteLength).copy(out, DIMS * 4);
  out.writeDoubleLE(m.bias, DIMS * 8);
  return out;
}

export function deserialize(blob: Buffer): InterestModel | null {
  if (blob.byteLength !== DIMS * 8 + 8) return null; // written by a Lectern with another feature space: train again
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return {
    weights: new Float32Array(copy.buffer, 0, DIMS),
    idf: new Float32Array(copy.buffer, DIMS * 4, DIMS),
    bias: Buffer.from(copy.buffer).readDoubleLE(DIMS * 8),
  };
}

/**
 * The papers a user read or starred that are most like a given one ("like: <title>"): cosine
 * similarity of their TF-IDF vectors, found through an index of each paper's strongest features
 * rather than by comparing with every one of them.
 */
export class Neighbours {
  private readonly postings = new Map<number, { at: number[]; w: number[] }>();
  private readonly acc: Float32Array;
  private readonly touched: Int32Array;

  constructor(
    private readonly ids: number[],
    vectors: SparseVector[],
    strongest = 32,
    perFeature = 24,
  ) {
    this.acc = new Float32Array(ids.length);
    this.touched = new Int32Array(ids.length);
    const lists = new Map<number, { at: number; w: number }[]>();
    vectors.forEach((v, at) => {
      for (const k of topK(v, strongest)) {
        const f = v.idx[k]!;
        let l = lists.get(f);
        if (!l) lists.set(f, (l = []));
        l.push({ at, w: v.val[k]! });
      }
    });
    // A feature many read papers share says little about which of them is alike: keep the
    // papers where it weighs most, so a lookup costs at most perFeature steps per feature.
    for (const [f, l] of lists) {
      if (l.length > perFeature) l.sort((a, b) => b.w - a.w).length = perFeature;
      this.postings.set(f, { at: l.map((x) => x.at), w: l.map((x) => x.w) });
    }
  }

  /** Up to `n` ids, most alike first, at least `min` alike. */
  near(x: SparseVector, n = 3, min = 0.08): number[] {
    let m = 0;
    for (const k of topK(x, 8)) {
      const p = this.postings.get(x.idx[k]!);
      if (!p) continue;
      const xv = x.val[k]!;
      for (let j = 0; j < p.at.length; j++) {
        const at = p.at[j]!;
        if (this.acc[at] === 0) this.touched[m++] = at;
        this.acc[at] = this.acc[at]! + xv * p.w[j]!;
      }
    }
    const best: { at: number; s: number }[] = [];
    for (let j = 0; j < m; j++) {
      const at = this.touched[j]!;
      const s = this.acc[at]!;
      this.acc[at] = 0;
      if (s < min) continue;
      if (best.length < n) best.push({ at, s });
      else if (s > best[n - 1]!.s) best[n - 1] = { at, s };
      else continue;
      best.sort((a, b) => b.s - a.s);
    }
    return best.map((b) => this.ids[b.at]!);
  }
}

/** Positions of the k largest weights of a vector (insertion into a short sorted list: k is small). */
function topK(v: SparseVector, k: number): number[] {
  const n = v.idx.length;
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  const at: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = v.val[i]!;
    if (at.length === k && x <= w[k - 1]!) continue;
    let j = at.length === k ? k - 1 : at.length;
    while (j > 0 && w[j - 1]! < x) {
      w[j] = w[j - 1]!;
      at[j] = at[j - 1]!;
      j--;
    }
    w[j] = x;
    at[j] = i;
  }
  return at;
}
