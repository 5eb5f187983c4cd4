/**
 * HTML to readable text, and HTML entity decoding.
 *
 * The converter is a single forward scan (no regex over the whole document, no recursion), so
 * a 10 MB body, an unterminated <style> or 100,000 nested <div>s cost linear time. It keeps the
 * structure an importer needs and writes it as light Markdown: headings become "## …", bold
 * becomes "**…**", links become "[text](href)", list items "- …", table cells are joined with
 * " | ". Entities are decoded exactly once, in text and in href values.
 */

const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const GREEK_UPPER = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho - Sigma Tau Upsilon Phi Chi Psi Omega';
const GREEK_LOWER = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega';
const OTHER: Record<string, number> = {
  amp: 38, lt: 60, gt: 62, quot: 34, apos: 39,
  OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402, circ: 710, tilde: 732,
  thetasym: 977, upsih: 978, piv: 982,
  ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207,
  ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
  dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243,
  lsaquo: 8249, rsaquo: 8250, oline: 8254, frasl: 8260, euro: 8364, trade: 8482,
  larr: 8592, uarr: 8593, rarr: 8594, darr: 8595, harr: 8596, lArr: 8656, uArr: 8657, rArr: 8658, dArr: 8659, hArr: 8660,
  forall: 8704, part: 8706, exist: 8707, empty: 8709, nabla: 8711, isin: 8712, notin: 8713, ni: 8715, prod: 8719,
  sum: 8721, minus: 8722, lowast: 8727, radic: 8730, prop: 8733, infin: 8734, ang: 8736, and: 8743, or: 8744,
  cap: 8745, cup: 8746, int: 8747, there4: 8756, sim: 8764, cong: 8773, asymp: 8776, ne: 8800, equiv: 8801,
  le: 8804, ge: 8805, sub: 8834, sup: 8835, nsub: 8836, sube: 8838, supe: 8839, oplus: 8853, otimes: 8855,
  perp: 8869, sdot: 8901, lceil: 8968, rceil: 8969, lfloor: 8970, rfloor: 8971, lang: 9001, rang: 9002,
  loz: 9674, spades: 9824, clubs: 9827, hearts: 9829, diams: 9830, emsp13: 8196, hairsp: 8202, nbhy: 8209,
};

const NAMED: Map<string, string> = (() => {
  const m = new Map<string, string>();
  LATIN1.split(' ').forEach((name, i) => m.set(name, String.fromCodePoint(160 + i)));
  GREEK_UPPER.split(' ').forEach((name, i) => name !== '-' && m.set(name, String.fromCodePoint(913 + i)));
  GREEK_LOWER.split(' ').forEach((name, i) => m.set(name, String.fromCodePoint(945 + i)));
  for (const [name, cp] of Object.entries(OTHER)) m.set(name, String.fromCodePoint(cp));
  return m;
})();

/** Entities that browsers also accept without the closing semicolon. */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'AMP', 'LT', 'GT', 'QUOT']);

// HTML maps these numeric references to Windows-1252, as browsers do.
const CP1252: Record<number, number> = {
  128: 8364, 130: 8218, 131: 402, 132: 8222, 133: 8230, 134: 8224, 135: 8225, 136: 710, 137: 8240, 138: 352,
  139: 8249, 140: 338, 142: 381, 145: 8216, 146: 8217, 147: 8220, 148: 8221, 149: 8226, 150: 8211, 151: 8212,
  152: 732, 153: 8482, 154: 353, 155: 8250, 156: 339, 158: 382, 159: 376,
};

const ENTITY_RE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g;

/** Decodes HTML character references (named, decimal, hex). Unknown names are left as they are. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY_RE, (all, dec: string | undefined, hex: string | undefined, name: string | undefined, semi: string) => {
    if (name !== undefined) {
      if (!semi && !LEGACY.has(name)) return all;
      const ch = NAMED.get(name) ?? (LEGACY.has(name) ? NAMED.get(name.toLowerCase()) : undefined);
      return ch ?? all;
    }
    let cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    if (CP1252[cp]) cp = CP1252[cp]!;
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(cp);
  });
}

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'html', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'caption',
]);
/** Elements whose content is not text for the reader. */
const SKIP_CONTENT = new Set(['style', 'script', 'head', 'title', 'noscript', 'template', 'svg', 'math', 'object', 'iframe', 'xml']);

interface HtmlToTextOptions {
  /** Write headings, bold and links as Markdown (default true). */
  markdown?: boolean;
}

/** Turns an HTML document or fragment into text (light Markdown by default). Never throws. */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const md = options.markdown !== false;
  const lower = html.toLowerCase();
  const out: string[] = [];
  let pre = 0;
  // The open <a href>: where its text starts in `out`, and its href.
  let anchor: { at: number; href: string } | null = null;
  let i = 0;
  const n = html.length;
  const lastQuote = { dq: html.lastIndexOf('"'), sq: html.lastIndexOf("'") };

  const text = (s: string): void => {
    if (!s) return;
    const t = pre > 0 ? s : s.replace(/[ \t\r\n\f]+/g, ' ');
    out.push(decodeEntities(t));
  };

  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(html.slice(i));
      break;
    }
    if (lt > i) text(html.slice(i, lt));
    // Comments, doctype, CDATA, processing instructions.
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break;
      i = end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt + 9);
      if (end < 0) {
        text(html.slice(lt + 9));
        break;
      }
      text(html.slice(lt + 9, end));
      i = end + 3;
      continue;
    }
    const c = html.charCodeAt(lt + 1);
    const isTagStart = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 47 /* / */ || c === 33 /* ! */ || c === 63; /* ? */
    if (!isTagStart) {
      text('<');
      i = lt + 1;
      continue;
    }
    const gt = tagEnd(html, lt + 1, lastQuote);
    if (gt < 0) break; // a cut-off tag: drop the rest
    const raw = html.slice(lt + 1, gt);
    i = gt + 1;
    if (raw[0] === '!' || raw[0] === '?') continue;
    const closing = raw[0] === '/';
    const nameMatch = /^\/?\s*([A-Za-z][A-Za-z0-9:-]*)/.exec(raw);
    if (!nameMatch) continue;
    const name = nameMatch[1]!.toLowerCase();

    if (!closing && SKIP_CONTENT.has(name) && !raw.trimEnd().endsWith('/')) {
      // Skip to the matching close tag (not nested; these elements do not nest in practice).
      const close = lower.indexOf(`</${name}`, i);
      if (close < 0) break;
      const closeEnd = html.indexOf('>', close);
      i = closeEnd < 0 ? n : closeEnd + 1;
      continue;
    }

    if (/^h[1-6]$/.test(name)) {
      out.push(closing ? '\n\n' : `\n\n${md ? '#'.repeat(Number(name[1])) + ' ' : ''}`);
    } else if (name === 'br') {
      out.push('\n');
    } else if (name === 'li') {
      if (!closing) out.push('\n- ');
      else out.push('\n');
    } else if (name === 'td' || name === 'th') {
      if (!closing) out.push(' | ');
    } else if (name === 'pre') {
      pre = Math.max(0, pre + (closing ? -1 : 1));
      out.push('\n');
    } else if (BLOCK.has(name)) {
      out.push('\n');
    } else if ((name === 'b' || name === 'strong') && md) {
      out.push('**');
    } else if (name === 'a') {
      if (!closing) {
        const href = attr(raw, 'href');
        anchor = href && /^https?:\/\//i.test(href.trim()) ? { at: out.length, href: decodeEntities(href.trim()) } : null;
      } else if (anchor) {
        const inner = out.splice(anchor.at).join('');
        const label = inner.replace(/\s+/g, ' ').trim();
        if (!label || label === anchor.href || label.replace(/\*\*/g, '') === anchor.href) out.push(` ${anchor.href} `);
        else if (md) out.push(`[${label.replace(/[[\]]/g, ' ')}](${anchor.href})`);
        else out.push(`${label} (${anchor.href})`);
        anchor = null;
      }
    } else if (name === 'img' && !closing) {
      const alt = attr(raw, 'alt');
      if (alt) text(` ${alt} `);
    }
  }
  if (anchor) {
    // An <a> that never closed: keep its text and its link.
    const inner = out.splice(anchor.at).join('');
    out.push(`${inner} ${anchor.href}`);
  }

  return out
    .join('')
    .split('\n')
    .map((l) => l.replace(/^[ \t\u00a0]+/, '').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The index of the '>' that ends a tag starting at `from`, honouring quoted attribute values; -1 if
 * none. A quote with no partner later in the document is junk, not a value (checked against the
 * last quote's position, so hostile input cannot make this quadratic).
 */
function tagEnd(s: string, from: number, lastQuote: { dq: number; sq: number }): number {
  for (let k = from; k < s.length; k++) {
    const ch = s.charCodeAt(k);
    if (ch === 62) return k;
    if (ch === 34 || ch === 39) {
      let p = k - 1;
      while (p > from && (s.charCodeAt(p) === 32 || s.charCodeAt(p) === 9)) p--;
      if (s.charCodeAt(p) !== 61) continue; // a quote only opens a value right after '='
      const last = ch === 34 ? lastQuote.dq : lastQuote.sq;
      if (k >= last) continue;
      k = s.indexOf(ch === 34 ? '"' : "'", k + 1);
    }
  }
  return -1;
}

function attr(rawTag: string, name: string): string | null {
  const re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
  const m = re.exec(rawTag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
}

/** Cheap check: does this text look like an HTML document or fragment rather than plain text? */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4000).trimStart().toLowerCase();
  if (/^(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/.test(head)) return true;
  const tags = head.match(/<\/?(?:p|div|br|a|span|table|tr|td|li|ul|h[1-6]|strong|b)[\s>/]/g)?.length ?? 0;
  return head.startsWith('<') && tags >= 3;
}
