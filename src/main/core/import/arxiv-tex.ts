/**
 * TeX accents left in arXiv metadata (titles, abstracts, OAI author names): `Li\'{e}nard`,
 * `conf\'erence`, `{\"o}`, `\v{s}`, and names braced around a letter (`Letr{é}my`). Only accent
 * commands are touched, so math such as `$\ddot{x}$` or `\cO` stays as written.
 */
const MARK: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a',
};
const LETTER: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', aa: 'å', AA: 'Å', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', i: 'ı', j: 'ȷ',
};

// {\'e} {\'{e}} {\"\i}  and  \'{e} \'e \"\i
const SYMBOL_ACCENT = /\{\\(['`^"~=.])\s*(?:\{([A-Za-z]|\\[ij])\}|([A-Za-z]|\\[ij]))\}|\\(['`^"~=.])\s*(?:\{([A-Za-z]|\\[ij])\}|([A-Za-z]|\\[ij](?![A-Za-z])))/g;
// {\v s} {\c{c}}  and  \v{s} \c c   (letter commands need a brace or a space before the letter)
const LETTER_ACCENT = /\{\\([uvHckr])(?:\s+([A-Za-z])|\s*\{([A-Za-z]|\\[ij])\})\}|\\([uvHckr])(?:\{([A-Za-z]|\\[ij])\}|\s+([A-Za-z])(?![A-Za-z]))/g;
// {\ss} {\o} \ss{} \o{}
const SPECIAL = /\{\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)\}|\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L)\{\}/g;

function base(letter: string): string {
  return letter === '\\i' ? 'i' : letter === '\\j' ? 'j' : letter;
}

export function decodeTexAccents(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  return s
    .replace(SYMBOL_ACCENT, (m, a1?: string, b1?: string, c1?: string, a2?: string, b2?: string, c2?: string) => {
      const acc = a1 ?? a2;
      const letter = b1 ?? c1 ?? b2 ?? c2;
      return acc && letter ? `${base(letter)}${MARK[acc]}`.normalize('NFC') : m;
    })
    .replace(LETTER_ACCENT, (m, a1?: string, b1?: string, c1?: string, a2?: string, b2?: string, c2?: string) => {
      const acc = a1 ?? a2;
      const letter = b1 ?? c1 ?? b2 ?? c2;
      return acc && letter ? `${base(letter)}${MARK[acc]}`.normalize('NFC') : m;
    })
    .replace(SPECIAL, (m, a?: string, b?: string) => LETTER[(a ?? b)!] ?? m);
}

/** A person's name from TeX-ish metadata: accents decoded, grouping braces dropped. */
export function texName(s: string): string {
  return decodeTexAccents(s).replace(/[{}]/g, '');
}
