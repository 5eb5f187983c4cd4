import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * PDF decompression bombs (issue 19 §1): small files that expand to gigabytes when read. Each is
 * built in milliseconds without ever holding what it expands to: a piece is deflated once and
 * its compressed form repeated (pieces flushed to a byte boundary can be concatenated), with the
 * zlib checksum combined arithmetically, so an unbounded decoder would succeed to the end.
 */

const MB = 1024 * 1024;
const GB = 1024 * MB;

/** Deflated pieces that can be concatenated into one raw deflate stream. */
function flushed(data: Buffer): Buffer {
  return zlib.deflateRawSync(data, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

const BASE = 65521;

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; i++) {
    a = (a + data[i]!) % BASE;
    b = (b + a) % BASE;
  }
  return ((b << 16) | a) >>> 0;
}

/** adler32(A + B) from adler32(A), adler32(B) and B's length, as zlib's adler32_combine. */
function adlerCombine(a1: number, a2: number, len2: number): number {
  const rem = len2 % BASE;
  let sum1 = a1 & 0xffff;
  let sum2 = (rem * sum1) % BASE;
  sum1 += (a2 & 0xffff) + BASE - 1;
  sum2 += ((a1 >>> 16) & 0xffff) + ((a2 >>> 16) & 0xffff) + BASE - rem;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum1 >= BASE) sum1 -= BASE;
  if (sum2 >= BASE * 2) sum2 -= BASE * 2;
  if (sum2 >= BASE) sum2 -= BASE;
  return ((sum2 << 16) | sum1) >>> 0;
}

/** The checksum of `chunk` repeated `times` times, by doubling. */
function adlerRepeated(chunk: Buffer, times: number): number {
  let result = 1; // adler32 of nothing
  let power = adler32(chunk);
  let powerLen = chunk.length;
  for (let n = times; n > 0; n = Math.floor(n / 2)) {
    if (n % 2) result = adlerCombine(result, power, powerLen);
    power = adlerCombine(power, power, powerLen);
    powerLen *= 2;
  }
  return result;
}

/**
 * zlib data (what /FlateDecode reads) that inflates to `head`, then `chunk` × `times`, then
 * `tail`; the compressed size is about total / 1000 for repetitive chunks.
 */
export function repeatedDeflate(head: string, chunk: Buffer, times: number, tail: string, zlibHeader = [0x78, 0xda]): Buffer {
  const h = Buffer.from(head, 'latin1');
  const t = Buffer.from(tail, 'latin1');
  const body = flushed(chunk);
  const parts: Buffer[] = [Buffer.from(zlibHeader), flushed(h)];
  for (let i = 0; i < times; i++) parts.push(body);
  parts.push(flushed(t), Buffer.from([0x03, 0x00])); // a final, empty fixed-Huffman block
  let sum = adlerCombine(adler32(h), adlerRepeated(chunk, times), chunk.length * times);
  sum = adlerCombine(sum, adler32(t), t.length);
  const check = Buffer.alloc(4);
  check.writeUInt32BE(sum);
  parts.push(check);
  return Buffer.concat(parts);
}

type Obj = string | Buffer;

/** A stream object's bytes: the dictionary (without /Length) and the data. */
function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** A whole PDF from its objects (1-based, object 1 the catalog), with a correct xref table. */
function assemble(objects: Obj[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n', 'latin1')]);
    offsets.push(offset);
    parts.push(b);
    offset += b.length;
  });
  parts.push(Buffer.from(xref(offsets) + `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function xref(offsets: number[]): string {
  return `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
}

/** Catalog, pages, one page using Helvetica as /F1 (with `fontExtra` in its dictionary), and its content (object 5). */
function onePage(content: Obj, fontExtra = '', more: Obj[] = []): Buffer {
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding ${fontExtra}>>`,
    content,
    ...more,
  ]);
}

const SHOW = 'BT /F1 12 Tf 72 700 Td (This page is a decompression bomb.) Tj ET\n';
const spaces = (n: number) => Buffer.alloc(n, 0x20);

/** A content stream deflated twice: about 7 KB on disk, 4 GB once both layers are inflated. */
export function doubleDeflateBomb(): Buffer {
  const once = repeatedDeflate(SHOW, spaces(MB), 4096, '');
  return onePage(stream('/Filter [/FlateDecode /FlateDecode]', zlib.deflateSync(once, { level: 9 })));
}

/** A 4 MB file: one content stream of deflated spaces that inflates to 4 GB. */
export function spacesBomb(): Buffer {
  return onePage(stream('/Filter /FlateDecode', repeatedDeflate(SHOW, spaces(MB), 4096, '')));
}

/**
 * The spaces bomb behind a zlib header that zlib refuses (a window of 64 KB, CINFO 8) and pdf.js's
 * own decoder does not check: zlib fails at once, and pdf.js falls back to its own decoder.
 */
export function fallbackBomb(): Buffer {
  return onePage(stream('/Filter /FlateDecode', repeatedDeflate(SHOW, spaces(MB), 4096, '', [0x88, 0x1c])));
}

/** A font whose ToUnicode CMap inflates to 2 GB of mappings. */
export function cmapBomb(): Buffer {
  const head = '/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Bomb def\n1 begincodespacerange <00> <FF> endcodespacerange\n';
  const line = Buffer.from('1 beginbfchar\n<41> <0042>\nendbfchar\n'.repeat(16384), 'latin1');
  const cmap = repeatedDeflate(head, line, Math.ceil((2 * GB) / line.length), 'endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n');
  return onePage(stream('', Buffer.from('BT /F1 12 Tf 72 700 Td (A page whose font has a 2 GB ToUnicode map.) Tj ET', 'latin1')), '/ToUnicode 6 0 R ', [
    stream('/Filter /FlateDecode', cmap),
  ]);
}

/** One content stream of 300 MB of text-showing operators (a page whose text alone is 300 MB). */
export function textBomb(): Buffer {
  const ops = Buffer.from('(Lectern text bomb) Tj\n'.repeat(4096), 'latin1');
  return onePage(stream('/Filter /FlateDecode', repeatedDeflate('BT /F1 12 Tf 72 700 Td 14 TL\n', ops, Math.ceil((300 * MB) / ops.length), 'ET\n')));
}

/**
 * A 1.5 GB file that takes almost no disk: a valid one-page PDF whose unused object 6 is a
 * stream of 1.5 GB of zeros left as a hole in the file.
 */
export function writeSparseBomb(file: string, size = 1.5 * GB): void {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    stream('', Buffer.from('BT /F1 12 Tf 72 700 Td (A sparse file of 1.5 GB.) Tj ET', 'latin1')),
  ];
  const small = assemble(objs);
  const body = small.subarray(0, small.indexOf('xref\n'));
  const offsets = [...body.toString('latin1').matchAll(/(\d+) 0 obj\n/g)].map((m) => m.index);
  const open = Buffer.from(`6 0 obj\n<< /Length ${size} >>\nstream\n`, 'latin1');
  const close = Buffer.from('\nendstream\nendobj\n', 'latin1');
  const afterHole = body.length + open.length + size;
  const end = Buffer.concat([close, Buffer.from(xref([...offsets, body.length]) + `trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${afterHole + close.length}\n%%EOF\n`, 'latin1')]);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, Buffer.concat([body, open]), 0, body.length + open.length, 0);
    fs.writeSync(fd, end, 0, end.length, afterHole);
  } finally {
    fs.closeSync(fd);
  }
}

export interface Bomb {
  name: string;
  /** What reading it whole would take. */
  expands: string;
  file: string;
}

/** Writes every bomb into `dir`; returns them in the order of the issue. */
export function writeBombs(dir: string): Bomb[] {
  fs.mkdirSync(dir, { recursive: true });
  const out: Bomb[] = [];
  const put = (name: string, expands: string, data: Buffer) => {
    const file = path.join(dir, `${name}.pdf`);
    fs.writeFileSync(file, data);
    out.push({ name, expands, file });
  };
  put('double-deflate', '4 GB', doubleDeflateBomb());
  put('deflated-spaces', '4 GB', spacesBomb());
  put('tounicode-cmap', '2 GB', cmapBomb());
  const sparse = path.join(dir, 'sparse.pdf');
  writeSparseBomb(sparse);
  out.push({ name: 'sparse', expands: '1.5 GB on disk', file: sparse });
  put('text', '300 MB of text', textBomb());
  return out;
}
