/**
 * TeX accents and letter macros as arXiv metadata writes them (Sol\`a, {\"o}, \v{c}, \c c, {\ss},
 * \'{\i}), decoded to Unicode (NFC). Math ($…$) is left alone: only the accent forms below are
 * touched, and a letter accent (\v, \c, \u …) needs a brace or space before its argument, so
 * macros like \bar or \underline are not mistaken for accents.
 */
const COMBINING: Record<string, string> = {
  '`': '\u0300',
  "'": '\u0301',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  u: '\u0306',
  '.': '\u0307',
  '"': '\u0308',
  r: '\u030A',
  H: '\u030B',
  v: '\u030C',
  d: '\u0323',
  c: '\u0327',
  k: '\u0328',
  b: '\u0331',
};

const LETTERS: Record<string, string> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  l: 'ł',
  L: 'Ł',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  i: 'ı',
  j: 'ȷ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  ng: 'ŋ',
  NG: 'Ŋ',
};

// The argument of an accent: a letter, or \i / \j (dotless, which take the accent as i / j).
const ARG = String.raw`(?:\\[ij](?![A-Za-z])|[A-Za-z])`;
const SYMBOL_ACCENT = new RegExp(String.raw`(\{?)\\([\x60'^~=."])\s*(?:\{\s*(${ARG})\s*\}|(${ARG}))(\}?)`, 'g');
const LETTER_ACCENT = new RegExp(String.raw`(\{?)\\([uvHckrdb])(?:\s*\{\s*(${ARG})\s*\}|\s+(${ARG}))(\}?)`, 'g');
const LETTER_MACRO = /(\{?)\\(ss|aa|AA|ae|AE|oe|OE|dh|DH|th|TH|ng|NG|[oOlLij])(?![A-Za-z])(?:\{\}|\s(?=[A-Za-z]))?(\}?)/g;

function accent(open: string, acc: string, a: string | undefined, b: string | undefined, close: string): string {
  // \i and \j (dotless) under an accent are written as plain i and j.
  const base = (a ?? b ?? '').replace(/^\\/, '');
  const body = (base + (COMBINING[acc] ?? '')).normalize('NFC');
  // "{\'a}" loses its braces; a lone "{" or "}" belongs to something else and is kept.
  if (open && close) return body;
  return open + body + close;
}

/** Decodes TeX accents and letter macros; leaves everything else (math included) as written. */
export function decodeTexAccents(s: string): string {
  if (!s.includes('\\')) return s;
  return s
    .replace(SYMBOL_ACCENT, (_all, open: string, acc: string, a?: string, b?: string, close = '') => accent(open, acc, a, b, close))
    .replace(LETTER_ACCENT, (_all, open: string, acc: string, a?: string, b?: string, close = '') => accent(open, acc, a, b, close))
    .replace(LETTER_MACRO, (_all, open: string, name: string, close: string) => {
      const ch = LETTERS[name] ?? name;
      return open && close ? ch : open + ch + close;
    })
    .replace(/\\&/g, '&')
    .normalize('NFC');
}
