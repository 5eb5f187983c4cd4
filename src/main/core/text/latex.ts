/**
 * A small, linear LaTeX-to-text decoder for the cases the full BibTeX parser is not given:
 * values too large or too deeply nested to hand to a recursive LaTeX grammar, or values it
 * failed on. It knows accents and the special letters, drops formatting commands but keeps
 * their arguments, and removes grouping braces. It is one left-to-right pass without
 * recursion, so it stays linear on hostile input (deep nesting, megabytes of accents).
 */
const MARK: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
};
const LETTER: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', i: 'ı', j: 'ȷ',
  dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  textbackslash: '\\', textasciitilde: '~', textasciicircum: '^', textendash: '–', textemdash: '—',
  textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“', textquotedblright: '”', textdegree: '°',
  textmu: 'µ', textperiodcentered: '·', textregistered: '®', texttrademark: '™', textcopyright: '©',
  ldots: '…', dots: '…', LaTeX: 'LaTeX', TeX: 'TeX', S: '§', P: '¶', pounds: '£', euro: '€',
};

const SYMBOL_ACCENTS = `'\`^"~=.`;
const LETTER_ACCENTS = 'uvHckrdb';
const ESCAPABLE = '%$&#_{}';

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The accented letter of an accent command whose argument starts at `j`: `{e}`, `{ \i }`, `e`
 * (`e` only after a symbol accent or after white space). Returns [letter, end] or null.
 */
function accentArgument(s: string, j: number, symbol: boolean): [string, number] | null {
  const start = j;
  while (isBlank(s.charCodeAt(j))) j++;
  const braced = s.charCodeAt(j) === 0x7b;
  if (braced) {
    j++;
    while (isBlank(s.charCodeAt(j))) j++;
  } else if (!symbol && j === start) return null; // \vs is a command, \v s and \v{s} are accents
  let letter: string;
  if (s.charCodeAt(j) === 0x5c && (s[j + 1] === 'i' || s[j + 1] === 'j')) {
    letter = s[j + 1]!;
    j += 2;
  } else if (isLetter(s.charCodeAt(j))) letter = s[j++]!;
  else return null;
  if (braced) {
    while (isBlank(s.charCodeAt(j))) j++;
    if (s.charCodeAt(j) !== 0x7d) return null;
    j++;
  }
  return [letter, j];
}

/**
 * True when `latexToText` decodes this value exactly as a LaTeX parser would: plain text,
 * grouping braces, accents on a letter, the special letters and escaped specials. Math, and
 * any other command (formatting, \url, user macros), need the real parser.
 */
export function isSimpleLatex(s: string): boolean {
  if (s.includes('$') && s.replace(/\\[\\$]/g, '').includes('$')) return false;
  for (let k = s.indexOf('\\'); k >= 0; k = s.indexOf('\\', k)) {
    const rest = s.slice(k, k + 24);
    const m = /^\\(?:['`^"~=.]\s*(?:\{\s*\\?[A-Za-z]\s*\}|\\?[A-Za-z])|[uvHckrdb](?:\s*\{\s*\\?[A-Za-z]\s*\}|\s+\\?[A-Za-z])(?![A-Za-z])|[%$&#_{}\\]|([A-Za-z]+)(?![A-Za-z]))/.exec(rest);
    if (!m || (m[1] !== undefined && !(m[1] in LETTER))) return false;
    k += m[0].length;
  }
  return true;
}

/**
 * Decodes, in one left-to-right pass: accents (\'e \'{e} \"\i \v{s} \c c), escaped specials
 * (\% \{), forced breaks (\\), named commands (\ss, \o; unknown ones vanish, their arguments
 * stay), braces; then ~, -- and ``''. Accented letters come out composed (NFC).
 */
export function latexToText(s: string): string {
  if (!/[\\{}~`'-]/.test(s)) return s;
  let t = s;
  if (s.includes('\\') || s.includes('{') || s.includes('}') || s.includes('~')) {
    const parts: string[] = [];
    let last = 0;
    const n = s.length;
    for (let k = 0; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c === 0x7b || c === 0x7d || c === 0x7e) {
        if (k > last) parts.push(s.slice(last, k));
        // ~ is a no-break space; a brace leaves a mark so "-{}-" never becomes a ligature below.
        parts.push(c === 0x7e ? '\u00a0' : '\uE002');
        last = k + 1;
        continue;
      }
      if (c !== 0x5c) continue;
      const next = s[k + 1] ?? '';
      let replacement: string | null = null;
      let end = k;
      if (SYMBOL_ACCENTS.includes(next) || LETTER_ACCENTS.includes(next)) {
        const arg = next ? accentArgument(s, k + 2, SYMBOL_ACCENTS.includes(next)) : null;
        if (arg) [replacement, end] = [composed(arg[0] + MARK[next]!), arg[1]];
      }
      if (replacement === null && next && ESCAPABLE.includes(next)) [replacement, end] = [next, k + 2];
      else if (replacement === null && (next === '\\' || next === ' ' || next === ',' || next === ';')) [replacement, end] = [' ', k + 2];
      else if (replacement === null && (next === '-' || next === '/' || next === '@')) [replacement, end] = ['', k + 2];
      else if (replacement === null && isLetter(s.charCodeAt(k + 1))) {
        let j = k + 1;
        while (isLetter(s.charCodeAt(j))) j++;
        const name = s.slice(k + 1, j);
        if (s.charCodeAt(j) === 0x7b && s.charCodeAt(j + 1) === 0x7d) j += 2;
        else while (isBlank(s.charCodeAt(j))) j++;
        [replacement, end] = [LETTER[name] ?? '', j];
      }
      if (replacement === null) continue; // a lone backslash stays
      if (k > last) parts.push(s.slice(last, k));
      parts.push(replacement);
      last = end;
      k = end - 1;
    }
    if (last < n) parts.push(s.slice(last));
    t = parts.join('');
  }
  if (t.includes('--')) t = t.replace(/---/g, '—').replace(/--/g, '–');
  if (t.includes('``')) t = t.replace(/``/g, '“');
  if (t.includes("''")) t = t.replace(/''/g, '”');
  return t.includes('\uE002') ? t.replaceAll('\uE002', '') : t;
}

const COMPOSED = new Map<string, string>();
function composed(s: string): string {
  let c = COMPOSED.get(s);
  if (c === undefined) COMPOSED.set(s, (c = s.normalize('NFC')));
  return c;
}
