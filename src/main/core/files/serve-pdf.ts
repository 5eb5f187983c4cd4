import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

interface PdfResponse {
  status: number;
  headers: Record<string, string>;
  /** Null for HEAD and for 416. */
  body: Readable | null;
}

/** One `bytes=` range against a file of `size` bytes; null = serve it whole, 'unsatisfiable' = 416. */
export function parseRange(header: string | undefined | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // several ranges or another unit: the whole file is a valid answer
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * A PDF file as an HTTP answer, with Range support so pdf.js can fetch the pages it shows first
 * from a large file. `file` must already be confined to the library folder (confinedPath).
 */
export function pdfResponse(file: string, rangeHeader: string | undefined | null, method: 'GET' | 'HEAD' = 'GET'): PdfResponse {
  const size = fs.statSync(file).size;
  const headers: Record<string, string> = {
    'Content-Type': 'application/pdf',
    'Accept-Ranges': 'bytes',
    // The file can be replaced (a new version attached or downloaded): always revalidate.
    'Cache-Control': 'private, no-cache',
    'Content-Disposition': `inline; filename="${path.basename(file).replace(/[^A-Za-z0-9._-]/g, '_')}"`,
  };
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' }, body: null };
  }
  if (range) {
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
    headers['Content-Length'] = String(range.end - range.start + 1);
    return { status: 206, headers, body: method === 'HEAD' ? null : fs.createReadStream(file, { start: range.start, end: range.end }) };
  }
  headers['Content-Length'] = String(size);
  return { status: 200, headers, body: method === 'HEAD' ? null : fs.createReadStream(file) };
}
