/**
 * Author names are stored as the digest wrote them ("Jörg van der Berg"). Formats that want
 * family and given names get them split here: the last word is the family name, together with
 * any lower-case particles before it ("van der"); a name of one word, or one that already holds
 * a comma, is kept whole (an organisation, a user name).
 */
interface SplitName {
  family: string;
  given: string | null;
  /** True when the name could not be split and should travel as one literal string. */
  literal: boolean;
}

export function splitName(name: string): SplitName {
  const n = name.replace(/\s+/gu, ' ').trim();
  if (n.includes(',') || !n.includes(' ')) return { family: n, given: null, literal: true };
  const words = n.split(' ');
  let i = words.length - 1;
  while (i > 1 && /^\p{Ll}/u.test(words[i - 1]!)) i--;
  return { family: words.slice(i).join(' '), given: words.slice(0, i).join(' '), literal: false };
}

/** For keys and file names: Latin letters without accents, anything else dropped. */
export function asciiFold(s: string): string {
  return s
    .replace(/[ßẞ]/gu, 'ss')
    .replace(/[æÆ]/gu, 'ae')
    .replace(/[œŒ]/gu, 'oe')
    .replace(/[øØ]/gu, 'o')
    .replace(/[łŁ]/gu, 'l')
    .replace(/[đĐ]/gu, 'd')
    .replace(/[þÞ]/gu, 'th')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}
