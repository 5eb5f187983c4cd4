import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { CORPUS, tempDir } from './paths';

/** Real corpus PDFs the reader tests use (never copied into the repository). */
export const TESO_PDF = path.join(CORPUS, 'pdf', 'arxiv-2512.24007-genpdf-outline.pdf');
export const PDFTEX_2012_PDF = path.join(CORPUS, 'pdf', 'arxiv-1111.2011v2-2012-pdftex.pdf');
/** A word found only on page 3 of TESO_PDF (checked with pdftotext), and a section of its outline. */
export const TESO_PAGE3_WORD = 'exacerbates';
export const TESO_SECTION = { title: 'Numerical Experiments', page: 6 };

/** A word the long generated PDF has on one page only. */
export const LONG_PDF_WORD = 'zanzibar';
export const LONG_PDF_WORD_PAGE = 777;

/**
 * A PDF of `pages` text pages (pdf-lib, Helvetica), each headed "Page n of N", with
 * LONG_PDF_WORD on page LONG_PDF_WORD_PAGE only (when the document is that long).
 */
export async function longPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const lorem = 'Generated page of a long document for the Lectern reader: scrolling, memory and extraction are measured on it.';
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([612, 792]);
    page.drawText(`Page ${i} of ${pages}`, { x: 72, y: 720, size: 24, font });
    for (let l = 0; l < 30; l++) page.drawText(`${l + 1}. ${lorem}`, { x: 72, y: 680 - l * 20, size: 10, font, color: rgb(0.1, 0.1, 0.1) });
    if (i === LONG_PDF_WORD_PAGE) page.drawText(`The word ${LONG_PDF_WORD} is on this page only.`, { x: 72, y: 60, size: 12, font });
  }
  return doc.save({ useObjectStreams: true });
}

/** A scan without OCR: one page that is a picture, with no text at all. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const png = await doc.embedPng(grayPng(600, 800));
  const page = doc.addPage([612, 792]);
  page.drawImage(png, { x: 6, y: -4, width: 600, height: 800 });
  return doc.save();
}

/** A grey page with dark bars (like lines of a scanned text), as a PNG. */
function grayPng(width: number, height: number): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    const ink = y > 80 && y < 760 && y % 24 < 10;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = ink && x > 60 && x < width - 60 - ((y * 7) % 120) ? 40 : 235;
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};
const padded = (pw: string) => Buffer.concat([Buffer.from(pw, 'latin1'), PAD]).subarray(0, 32);

/**
 * A one-page PDF encrypted with the standard security handler (RC4 40-bit, revision 2) and a user
 * password: nobody reads it without the password. pdf-lib cannot encrypt, so it is written by hand
 * after the PDF reference's algorithms 3.1–3.4.
 */
export function encryptedPdf(userPassword = 'secret', ownerPassword = 'owner'): Uint8Array {
  const id = createHash('md5').update('lectern-encrypted-fixture').digest();
  const P = -44; // print, copy etc. allowed (bits 3–6) as an unsigned 32-bit value
  const O = rc4(md5(padded(ownerPassword)).subarray(0, 5), padded(userPassword));
  const p32 = Buffer.alloc(4);
  p32.writeInt32LE(P);
  const key = md5(padded(userPassword), O, p32, id).subarray(0, 5);
  const U = rc4(key, PAD);
  const objectKey = (num: number) => md5(key, Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0])).subarray(0, 10);

  const content = rc4(objectKey(4), Buffer.from('BT /F1 24 Tf 72 700 Td (A secret paper) Tj ET', 'latin1'));
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>'),
    Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`), content, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    Buffer.from(`<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${P} >>`),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((body, i) => {
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    offsets.push(at);
    parts.push(obj);
    at += obj.length;
  });
  const xref = ['xref', `0 ${objects.length + 1}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  const hex = id.toString('hex');
  parts.push(Buffer.from(`${xref}\ntrailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 6 0 R /ID [<${hex}> <${hex}>] >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

export const HTML_PAGE = '<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head><body>Checking your browser before accessing arxiv.org.</body></html>\n';

export type HostileKind = 'empty' | 'html' | 'truncated' | 'encrypted' | 'imageOnly' | 'long';

/** The hostile files of the reader issue, written to a temporary folder (the 1,000-page one takes seconds: ask for it). */
export async function hostileFiles(opts: { long?: boolean } = {}, dir = tempDir('lectern-hostile-')): Promise<Record<HostileKind, string>> {
  const write = (name: string, bytes: Uint8Array | string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };
  const teso = fs.readFileSync(TESO_PDF);
  return {
    empty: write('empty.pdf', ''),
    html: write('captcha.pdf', HTML_PAGE),
    truncated: write('truncated.pdf', teso.subarray(0, Math.floor(teso.length * 0.6))),
    encrypted: write('encrypted.pdf', encryptedPdf()),
    imageOnly: write('scan-without-ocr.pdf', await imageOnlyPdf()),
    long: opts.long ? write('long-1000.pdf', await longPdf(1000)) : '',
  };
}
