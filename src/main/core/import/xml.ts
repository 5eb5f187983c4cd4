import { XMLParser, XMLValidator, type EntityDecoderOptions, type X2jOptions } from 'fast-xml-parser';
import { LecternError } from '../../../shared/errors';
import { isoDate, monthNumber } from '../text/normalize';

/**
 * The XML feeds Lectern reads (arXiv API Atom, arXiv and Hugging Face RSS, OAI-PMH) as a small
 * tree of plain nodes, record by record. Namespaces are deliberately ignored: prefixes are
 * stripped and elements are matched by local name, because real files declare them per
 * element, only on the first entry, or not at all (see the corpus README).
 *
 * A feed is read in two parts: its records (<entry>, <item>, <record>), found by a quick scan
 * and parsed a batch at a time, and the rest (the skeleton: root, channel, dates, errors).
 * That keeps memory proportional to a batch rather than to the file (a 100,000-entry feed as
 * one tree costs tens of times its size), and lets one broken record be reported on its own
 * while the others are kept.
 */
export interface XmlNode {
  /** Local name: `arxiv:doi` is `doi`, `dc:creator` is `creator`. */
  name: string;
  /** Attributes by local name, entity-decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** The element's own character data and CDATA, in order (not its descendants'). */
  text: string;
  /** Offset of the start tag in the input (for records and skeleton elements). */
  start: number;
  /** False when the input ended before this element's end tag (a cut-off file). */
  closed: boolean;
}

export interface XmlRecord {
  /** 1-based line of the record's start tag. */
  line: number;
  /** The parsed record, or null when it could not be read (see `error`). */
  node: XmlNode | null;
  /** False when the input ends inside this record. */
  complete: boolean;
  error?: string;
  /** The start of the record's raw text, for messages. */
  snippet: string;
}

export interface XmlFeed {
  /** The document without its records. */
  root: XmlNode;
  /** False when the input ends before the root's end tag. */
  rootClosed: boolean;
  recordCount: number;
  /** The records in document order, parsed lazily. */
  records(): Generator<XmlRecord>;
  /** 1-based line of an offset in the input. */
  lineAt(offset: number): number;
}

// Deeper than any feed we read needs; the parser refuses more before it builds anything.
const MAX_DEPTH = 64;
const BATCH = 500;

/**
 * XML's own five entities and numeric character references, decoded in one pass so that
 * `&amp;#x160;` stays `&#x160;` (decoded exactly once). DOCTYPE-declared entities are never
 * expanded: they are left as written, which is what defuses "billion laughs" and external
 * entities (nothing is fetched, nothing grows).
 */
const XML_NAMED: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" });

function fromCodePoint(cp: number): string {
  if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(cp);
}

export function decodeXmlRefs(s: string): string {
  return decodeRefs(s, xmlNamed);
}

function xmlNamed(name: string): string | null {
  return XML_NAMED[name] ?? null;
}

function decodeRefs(s: string, named: (name: string) => string | null): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  // A scan rather than String.replace with a callback: a field with a million references
  // (CJK text stored as &#NNNNN;) must not take seconds.
  let out = '';
  let from = 0;
  while (amp >= 0) {
    // References are short: look for the ';' only nearby, so a text full of bare '&' stays linear.
    let semi = amp + 1;
    const limit = Math.min(s.length, amp + 13);
    while (semi < limit && s.charCodeAt(semi) !== 59 /* ; */) semi++;
    const ref = semi < limit ? decodeRef(s, amp + 1, semi, named) : null;
    if (ref !== null) {
      out += amp > from ? s.slice(from, amp) + ref : ref;
      from = semi + 1;
      amp = s.indexOf('&', from);
    } else {
      amp = s.indexOf('&', amp + 1);
    }
  }
  if (from === 0) return s;
  return from < s.length ? out + s.slice(from) : out;
}

/** The character for the reference between `&` and `;` (s[start..end)), or null if it is not one we decode. */
function decodeRef(s: string, start: number, end: number, named: (name: string) => string | null): string | null {
  if (s.charCodeAt(start) !== 35 /* # */) return start < end ? named(s.slice(start, end)) : null;
  let k = start + 1;
  const hex = s.charCodeAt(k) === 120 || s.charCodeAt(k) === 88; /* x X */
  if (hex) k++;
  if (k === end || end - k > 8) return null;
  let cp = 0;
  for (; k < end; k++) {
    const c = s.charCodeAt(k);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (hex && c >= 97 && c <= 102) d = c - 87;
    else if (hex && c >= 65 && c <= 70) d = c - 55;
    else return null;
    cp = cp * (hex ? 16 : 10) + d;
  }
  return cp < 0xd800 && cp > 0 ? String.fromCharCode(cp) : fromCodePoint(cp);
}

const decoder: EntityDecoderOptions = {
  setExternalEntities() {},
  addInputEntities() {},
  reset() {},
  setXmlVersion() {},
  decode: decodeXmlRefs,
};

/**
 * Elements whose content is long text (abstracts run to kilobytes; a hostile one to megabytes).
 * The parser hands them over raw, found by a search for the end tag instead of being built a
 * character at a time, which keeps a 10 MB field fast; rawText() then does CDATA, markup and
 * references itself.
 */
const TEXT_ELEMENTS = ['title', 'summary', 'abstract', 'description', 'comment', 'comments', 'content', 'encoded'];
const TEXT_ELEMENT_SET = new Set(TEXT_ELEMENTS);

const LENIENT: X2jOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Entity limits only bound how much of a DOCTYPE is read; the decoder above expands none.
  processEntities: { enabled: true, maxEntityCount: 200, maxEntitySize: 10_000 },
  entityDecoder: decoder,
  maxNestedTags: MAX_DEPTH,
  jPath: false,
};
const FAST: X2jOptions = { ...LENIENT, stopNodes: TEXT_ELEMENTS.map((n) => `*.${n}`) };
// The skeleton's elements carry offsets (for lines) and whether they were closed (truncation).
const SKELETON_FAST: X2jOptions = { ...FAST, captureMetaData: true };
const SKELETON_LENIENT: X2jOptions = { ...LENIENT, captureMetaData: true };

// Typed as `Symbol` (the wrapper) in the library's .d.ts; it is a plain symbol.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

interface NodeMeta {
  startIndex?: number;
  endIndex?: number;
}
type RawNode = Record<string, unknown>;

function metaOf(item: RawNode): NodeMeta | undefined {
  return (item as Record<symbol, NodeMeta | undefined>)[META];
}

/** "an arXiv RSS feed", "a Hugging Face RSS feed" */
function withArticle(what: string): string {
  return /^[aeiouAEIOU]/.test(what) ? `an ${what}` : `a ${what}`;
}

interface Range {
  start: number;
  /** Exclusive; -1 when the input ends inside the record. */
  end: number;
}

/**
 * Parses a feed whose records are elements named `recordName` (local name). Throws
 * LecternError('UNREADABLE') naming the file and the line when the text is not XML or its
 * skeleton cannot be read; a file cut off midway still parses, with the cut record marked.
 */
export function parseXmlFeed(text: string, where: string, what: string, recordName: string): XmlFeed {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineAt = lineIndex(src);
  if (!/<[A-Za-z_]/.test(src)) {
    throw new LecternError('UNREADABLE', `${where} line 1: expected ${withArticle(what)}, but the text is not XML (no element in it). Nothing was imported.`, `${where}:1`);
  }
  const ranges = findRecords(src, recordName);
  const first = ranges[0];
  const last = ranges[ranges.length - 1];
  // The skeleton: everything but the records (what lies between records is only white space in
  // the feeds we read). Offsets after the first record are off by the records' length; the
  // elements there (closing tags, a resumption token) are not reported by line.
  const skeletonText = !first ? src : src.slice(0, first.start) + (last && last.end >= 0 ? src.slice(last.end) : '');
  let root: XmlNode;
  let rootClosed: boolean;
  if (/<[A-Za-z_]/.test(skeletonText)) {
    const raw = parseLeniently(skeletonText, SKELETON_FAST, SKELETON_LENIENT, lineAt, where, what);
    const top = toNodes(raw.nodes, raw.stopped, 0);
    root = top[0] ?? documentNode();
    rootClosed = top[0] ? top[0].closed : true;
  } else {
    // The input is a bare record (or records) without a root.
    root = documentNode();
    rootClosed = true;
  }

  return {
    root,
    rootClosed,
    recordCount: ranges.length,
    lineAt,
    *records() {
      for (let k = 0; k < ranges.length; k += BATCH) yield* readBatch(src, ranges.slice(k, k + BATCH), recordName, lineAt);
    },
  };
}

function documentNode(): XmlNode {
  return { name: '#document', attrs: NO_ATTRS, children: NO_CHILDREN, text: '', start: 0, closed: true };
}

/** Parses with the fast options, falling back to the lenient ones for cut-off input. */
function parseLeniently(
  src: string,
  fast: X2jOptions,
  lenient: X2jOptions,
  lineAt: (o: number) => number,
  where: string,
  what: string,
): { nodes: RawNode[]; stopped: boolean } {
  let error: unknown;
  try {
    return { nodes: asList(new XMLParser(fast).parse(src)), stopped: true };
  } catch (e) {
    error = e;
  }
  if (!isFatalParseError(error)) {
    // A file cut off inside a text element, or inside a tag: the lenient parse keeps what was
    // complete, and cutting the broken last tag off lets it through. Its error, when both fail,
    // says more than the fast parse's ("CDATA is not closed", not "StopNode is not closed").
    const attempts = [src, src.slice(0, Math.max(0, src.lastIndexOf('<')))];
    for (let k = 0; k < attempts.length; k++) {
      try {
        return { nodes: asList(new XMLParser(lenient).parse(attempts[k]!)), stopped: false };
      } catch (e) {
        if (k === 0) error = e;
        if (isFatalParseError(e)) break;
      }
    }
  }
  throw parseFailure(error, src, lineAt, where, what);
}

function asList(raw: unknown): RawNode[] {
  return Array.isArray(raw) ? (raw as RawNode[]) : [];
}

function* readBatch(src: string, ranges: Range[], recordName: string, lineAt: (o: number) => number): Generator<XmlRecord> {
  const complete = ranges.filter((r) => r.end >= 0);
  let parsed: XmlNode[] | null = null;
  if (complete.length > 1) {
    // One parse for the whole batch; if anything in it is off, each record is parsed alone below.
    try {
      const chunk = src.slice(complete[0]!.start, complete[complete.length - 1]!.end);
      const nodes = toNodes(asList(new XMLParser(FAST).parse(chunk)), true, 0).filter((n) => n.name === recordName);
      if (nodes.length === complete.length) parsed = nodes;
    } catch {
      parsed = null;
    }
  }
  let k = 0;
  for (const r of ranges) {
    const line = lineAt(r.start);
    const snippet = src.slice(r.start, r.start + 200);
    if (r.end < 0) {
      // The file ends inside this record: read what there is, for the message.
      let node: XmlNode | null = null;
      try {
        node = toNodes(asList(new XMLParser(LENIENT).parse(src.slice(r.start, r.start + 1_000_000))), false, r.start)[0] ?? null;
      } catch {
        node = null;
      }
      yield { line, node, complete: false, snippet, error: 'the file ends inside it' };
      continue;
    }
    let node = parsed ? parsed[k++]! : null;
    let error: string | undefined;
    if (!node) {
      try {
        node = toNodes(asList(new XMLParser(FAST).parse(src.slice(r.start, r.end))), true, r.start)[0] ?? null;
        if (!node) error = 'it holds no element';
      } catch (e) {
        const m = e instanceof Error ? e.message : String(e);
        error = /nested tags/i.test(m) ? `its elements are nested more than ${MAX_DEPTH} deep` : `it is not well-formed XML (${clip(m.replace(/\s+/g, ' '), 100)})`;
      }
    }
    if (node) node.start = r.start;
    yield error ? { line, node: null, complete: true, snippet, error } : { line, node, complete: true, snippet };
  }
}

/**
 * Where each record element starts and ends, found by a scan that skips comments, CDATA,
 * processing instructions and the DOCTYPE (the only places a "<" may stand for something else;
 * it cannot occur inside an attribute value). Same-name elements nested inside a record stay
 * part of it. One regular expression finds the next interesting "<", so the scan runs at the
 * speed of the regex engine rather than a JavaScript loop per tag.
 */
function findRecords(src: string, recordName: string): Range[] {
  const name = recordName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`<(?:(/?)(?:[A-Za-z_][\\w.-]*:)?${name}(?=[\\s/>])|!--|!\\[CDATA\\[|\\?|!)`, 'g');
  const out: Range[] = [];
  let open = -1;
  let depth = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const i = m.index;
    const token = m[0];
    let next: number;
    if (token === '<!--') next = endOf(src, '-->', i + 4);
    else if (token === '<![CDATA[') next = endOf(src, ']]>', i + 9);
    else if (token === '<?') next = endOf(src, '?>', i + 2);
    else if (token === '<!') next = endOfDeclaration(src, i);
    else {
      const closing = m[1] === '/';
      const gt = src.indexOf('>', i);
      next = gt < 0 ? -1 : gt + 1;
      const selfClosing = !closing && gt > 0 && src.charCodeAt(gt - 1) === 47; /* / */
      if (!closing) {
        if (open < 0) {
          if (selfClosing) out.push({ start: i, end: next });
          else open = i;
        } else if (!selfClosing) depth++;
      } else if (open >= 0) {
        if (depth > 0) depth--;
        else {
          out.push({ start: open, end: next < 0 ? src.length : next });
          open = -1;
        }
      }
    }
    if (next < 0) break;
    re.lastIndex = next;
  }
  if (open >= 0) out.push({ start: open, end: -1 });
  return out;
}

function endOf(src: string, marker: string, from: number): number {
  const k = src.indexOf(marker, from);
  return k < 0 ? -1 : k + marker.length;
}

/** <!DOCTYPE …> with an optional [internal subset], or another <!…> declaration. */
function endOfDeclaration(src: string, i: number): number {
  const gt = src.indexOf('>', i);
  const bracket = src.indexOf('[', i);
  if (bracket >= 0 && (gt < 0 || bracket < gt)) {
    const close = src.indexOf(']', bracket);
    return close < 0 ? -1 : endOf(src, '>', close);
  }
  return gt < 0 ? -1 : gt + 1;
}

function isFatalParseError(e: unknown): boolean {
  const m = e instanceof Error ? e.message : '';
  return /nested tags|entit|SECURITY|DOCTYPE/i.test(m);
}

function parseFailure(e: unknown, src: string, lineAt: (o: number) => number, where: string, what: string): LecternError {
  const reason = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(reason);
  const line = pos ? lineAt(Number(pos[1])) : validatorLine(src);
  const at = line ? ` line ${line}` : '';
  let why: string;
  if (/nested tags/i.test(reason)) why = `its elements are nested more than ${MAX_DEPTH} deep, which no ${what} does`;
  else if (/entit|DOCTYPE/i.test(reason)) why = `its DOCTYPE declares entities that Lectern does not read (${clip(reason, 120)})`;
  else if (/SECURITY/.test(reason)) why = `it uses an element or attribute name Lectern refuses (${clip(reason, 120)})`;
  else why = `it is not well-formed XML (${clip(reason.replace(/\s+/g, ' '), 120)})`;
  return new LecternError('UNREADABLE', `${where}${at}: cannot read this ${what}: ${why}. Nothing was imported.`, line ? `${where}:${line}` : where);
}

/** Content of a text element as the parser left it: CDATA kept literally, markup dropped, references decoded once. */
function rawText(raw: string): string {
  if (raw.indexOf('<') < 0) return decodeXmlRefs(raw);
  let out = '';
  let i = 0;
  for (;;) {
    const c = raw.indexOf('<![CDATA[', i);
    out += decodeXmlRefs(stripMarkup(c < 0 ? raw.slice(i) : raw.slice(i, c)));
    if (c < 0) return out;
    const end = raw.indexOf(']]>', c + 9);
    if (end < 0) return out + raw.slice(c + 9);
    out += raw.slice(c + 9, end);
    i = end + 3;
  }
}

// Tag patterns stop at the next '<' so that text full of unmatched '<' is scanned once, not once per '<'.
const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote)\b[^<>]*>/gi;
const ANY_TAG = /<[^<>]*>/g;

function stripMarkup(s: string): string {
  if (s.indexOf('<') < 0) return s;
  return removeComments(s).replace(BLOCK_TAG, '\n').replace(ANY_TAG, '');
}

function removeComments(s: string): string {
  let at = s.indexOf('<!--');
  if (at < 0) return s;
  let out = '';
  let from = 0;
  while (at >= 0) {
    const end = s.indexOf('-->', at + 4);
    out += s.slice(from, at);
    if (end < 0) return out;
    from = end + 3;
    at = s.indexOf('<!--', from);
  }
  return out + s.slice(from);
}

const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: XmlNode[] = Object.freeze([]) as unknown as XmlNode[];

function toNodes(list: RawNode[], stopped: boolean, base: number): XmlNode[] {
  let out: XmlNode[] | null = null;
  for (const item of list) {
    let name: string | null = null;
    for (const k in item) {
      if (k !== ':@' && k !== '#text') {
        name = k;
        break;
      }
    }
    if (name === null || name.charCodeAt(0) === 63 /* ? */ || name.charCodeAt(0) === 33 /* ! */) continue;
    const body = item[name];
    const kids = Array.isArray(body) ? (body as RawNode[]) : [];
    const meta = metaOf(item);
    const children = toNodes(kids, stopped, base);
    const own = ownText(kids);
    const node: XmlNode = {
      name,
      attrs: item[':@'] ? attrsOf(item[':@']) : NO_ATTRS,
      children,
      // A text element read raw (stop node) has no children; one parsed normally is decoded already.
      text: stopped && children.length === 0 && TEXT_ELEMENT_SET.has(name) ? rawText(own) : own,
      start: base + (meta?.startIndex ?? 0),
      closed: meta ? meta.endIndex !== undefined : true,
    };
    (out ??= []).push(node);
  }
  return out ?? NO_CHILDREN;
}

function attrsOf(a: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (a && typeof a === 'object') for (const [k, v] of Object.entries(a)) if (typeof v === 'string') out[k] = v;
  return out;
}

function ownText(kids: RawNode[]): string {
  if (kids.length === 1) {
    const t = kids[0]!['#text'];
    return typeof t === 'string' ? t : t === undefined ? '' : String(t);
  }
  let s = '';
  for (const k of kids) {
    const t = k['#text'];
    if (typeof t === 'string') s += t;
    else if (typeof t === 'number' || typeof t === 'boolean') s += String(t);
  }
  return s;
}

/** The line of the first well-formedness error, for messages (only on failure, so its cost is fine). */
function validatorLine(src: string): number | null {
  try {
    const r = XMLValidator.validate(src.slice(0, 20_000_000));
    return r === true ? null : (r.err.line ?? null);
  } catch {
    return null;
  }
}

function lineIndex(src: string): (offset: number) => number {
  const starts: number[] = [0];
  for (let k = src.indexOf('\n'); k >= 0; k = src.indexOf('\n', k + 1)) starts.push(k + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

// ---------------------------------------------------------------------------------------------
// Tree helpers

export function child(node: XmlNode | null | undefined, name: string): XmlNode | null {
  if (!node) return null;
  for (const c of node.children) if (c.name === name) return c;
  return null;
}

export function childrenNamed(node: XmlNode | null | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Text of the node and all its descendants, in document order. */
export function textOf(node: XmlNode | null | undefined): string {
  if (!node) return '';
  if (node.children.length === 0) return node.text;
  // Own text and child text interleave in the source; the tree keeps them apart, so join with
  // spaces (whitespace is collapsed by the callers anyway).
  const parts: string[] = [node.text];
  const stack: XmlNode[] = [...node.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    parts.push(n.text);
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]!);
  }
  return parts.join(' ');
}

/** Text of the first child with that local name, or '' */
export function childText(node: XmlNode | null | undefined, name: string): string {
  return textOf(child(node, name));
}

/** Every element named `name` below `root`, without looking inside a match. */
export function findAll(root: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const stack: XmlNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.name === name && n !== root) {
      out.push(n);
      continue;
    }
    for (let k = n.children.length - 1; k >= 0; k--) stack.push(n.children[k]!);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text inside the XML: escaped HTML and dates

const HTML_NAMED: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c',
  rdquo: '\u201d', bdquo: '\u201e', laquo: '\u00ab', raquo: '\u00bb', middot: '\u00b7', bull: '\u2022', copy: '\u00a9',
  reg: '\u00ae', trade: '\u2122', deg: '\u00b0', plusmn: '\u00b1', times: '\u00d7', divide: '\u00f7', micro: '\u00b5',
  para: '\u00b6', sect: '\u00a7', shy: '\u00ad', iexcl: '\u00a1', iquest: '\u00bf', euro: '\u20ac', pound: '\u00a3',
  yen: '\u00a5', cent: '\u00a2', alpha: '\u03b1', beta: '\u03b2', gamma: '\u03b3', delta: '\u03b4', epsilon: '\u03b5',
  lambda: '\u03bb', mu: '\u03bc', pi: '\u03c0', sigma: '\u03c3', tau: '\u03c4', phi: '\u03c6', omega: '\u03c9',
  le: '\u2264', ge: '\u2265', ne: '\u2260', asymp: '\u2248', infin: '\u221e', rarr: '\u2192', larr: '\u2190',
  harr: '\u2194', szlig: '\u00df', aelig: '\u00e6', AElig: '\u00c6', oslash: '\u00f8', Oslash: '\u00d8', aring: '\u00e5',
  Aring: '\u00c5', ccedil: '\u00e7', Ccedil: '\u00c7', ntilde: '\u00f1', Ntilde: '\u00d1', eth: '\u00f0', thorn: '\u00fe',
});
const ACCENT_SUFFIX: Record<string, string> = { acute: '\u0301', grave: '\u0300', circ: '\u0302', uml: '\u0308', tilde: '\u0303', cedil: '\u0327', ring: '\u030a', caron: '\u030c' };
/** HTML character references, decoded once (the layer of escaped HTML inside an XML field). */
export function decodeHtmlRefs(s: string): string {
  return decodeRefs(s, htmlNamed);
}

function htmlNamed(name: string): string | null {
  const known = HTML_NAMED[name];
  if (known !== undefined) return known;
  const acc = /^([A-Za-z])(acute|grave|circ|uml|tilde|cedil|ring|caron)$/.exec(name);
  return acc ? `${acc[1]}${ACCENT_SUFFIX[acc[2]!]}`.normalize('NFC') : null;
}

/** Escaped HTML (already XML-decoded) to plain text: tags become spaces, references decoded once. */
export function htmlToText(s: string): string {
  if (!/[<&]/.test(s)) return s;
  return decodeHtmlRefs(removeComments(s).replace(BLOCK_TAG, '\n').replace(ANY_TAG, ' '));
}

/** Whether a field looks like escaped HTML rather than plain text with a stray "<". */
export function looksLikeHtml(s: string): boolean {
  return /<\/?(?:p|a|br|div|span|b|i|em|strong|ul|ol|li|img|h[1-6])\b[^<>]*>/i.test(s);
}

/** YYYY-MM-DD from an ISO 8601 / W3C timestamp, as written (its own time zone's calendar day). */
export function dateFromIso(s: string | null | undefined): string | null {
  const m = s ? /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(s.slice(0, 100)) : null;
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** YYYY-MM-DD from an RFC 822 date ("Mon, 27 Apr 2026 00:00:00 -0400"), the day as written. */
export function dateFromRfc822(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})/.exec(s.slice(0, 200));
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? isoDate(Number(m[3]), month, Number(m[1])) : null;
  }
  return dateFromIso(s);
}

export function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** A short quote of a record for a problem report: its title when it has one, else its text. */
export function recordQuote(rec: XmlRecord): string {
  const title = rec.node ? textOf(child(rec.node, 'title')).replace(/\s+/g, ' ').trim() : '';
  if (title) return clip(title);
  return clip(rec.snippet.replace(/<[^>]*>?/g, ' ').replace(/\s+/g, ' ').trim() || rec.snippet.slice(0, 60));
}
