/**
 * Where the math is in a title or an abstract: `$…$`, `$$…$$`, `\(…\)` and `\[…\]` as arXiv
 * writes them. Plain data, tested without a browser; KaTeX draws the math (math/katex-dom.ts).
 */

export type TexSegment = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean; source: string };

/** Cheap test run on every cell: most titles have no math and skip the parser. */
export function mayHaveMath(text: string): boolean {
  return text.includes('$') || text.includes('\\(') || text.includes('\\[');
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/** The index of the `$` closing an inline formula opened before `from`, or -1. */
function closingDollar(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++; // an escaped character, `\$` included, never closes
      continue;
    }
    // Pandoc's rule, so prices stay text ("$5 and $10"): the closing `$` follows a non-space
    // and is not followed by a digit.
    if (c === '$' && !isSpace(text[i - 1]) && !/[0-9]/.test(text[i + 1] ?? '')) return i;
  }
  return -1;
}

/** The index of `close` ending a formula opened before `from` (escapes skipped), or -1. */
function closing(text: string, from: number, close: string): number {
  for (let i = from; i < text.length; i++) {
    if (text.startsWith(close, i)) return i;
    if (text[i] === '\\') i++;
  }
  return -1;
}

/**
 * The text cut into runs of text and formulas. A delimiter that is never closed, an empty
 * formula or `\$` stays text, as written.
 */
export function texSegments(text: string): TexSegment[] {
  const out: TexSegment[] = [];
  let plain = '';
  const math = (tex: string, display: boolean, source: string) => {
    if (plain) out.push({ kind: 'text', text: plain });
    plain = '';
    out.push({ kind: 'math', tex, display, source });
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\\' && (next === '(' || next === '[')) {
      const end = closing(text, i + 2, next === '(' ? '\\)' : '\\]');
      if (end > i + 2 && text.slice(i + 2, end).trim()) {
        math(text.slice(i + 2, end), next === '[', text.slice(i, end + 2));
        i = end + 2;
        continue;
      }
    } else if (c === '$' && next === '$') {
      const end = closing(text, i + 2, '$$');
      if (end > i + 2 && text.slice(i + 2, end).trim()) {
        math(text.slice(i + 2, end), true, text.slice(i, end + 2));
        i = end + 2;
        continue;
      }
    } else if (c === '$' && !isSpace(next)) {
      const end = closingDollar(text, i + 1);
      if (end > i + 1) {
        math(text.slice(i + 1, end), false, text.slice(i, end + 1));
        i = end + 1;
        continue;
      }
    } else if (c === '\\' && next !== undefined) {
      plain += c + next; // `\$` and the like: text, and never a delimiter
      i += 2;
      continue;
    }
    plain += c;
    i++;
  }
  if (plain) out.push({ kind: 'text', text: plain });
  return out;
}

/**
 * A value kept per key, at most `limit` of them (the oldest goes first): the table asks for the
 * same titles at every scroll, and a library of 100,000 must not keep them all.
 */
export function remember<K, V>(cache: Map<K, V>, key: K, limit: number, make: () => V): V {
  if (cache.has(key)) return cache.get(key)!;
  const value = make();
  if (cache.size >= limit) cache.delete(cache.keys().next().value as K);
  cache.set(key, value);
  return value;
}
