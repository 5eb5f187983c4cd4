import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptDownloadedPdf, cleanStaleTemps, pdfFileName, pdfPathFor, pdfRelPath, resolveStoredPdfPath, sniffStart } from '../../src/main/core/downloads/files';
import { LecternError } from '../../src/shared/errors';
import { CORPUS_PDFS } from '../helpers/arxiv-server';
import { tempDir } from '../helpers/paths';

describe('PDF files in the library folder', () => {
  it('are named after the arXiv id, old style included, without version', () => {
    expect(pdfFileName('hep-th/9901001')).toBe('hep-th_9901001.pdf');
    expect(pdfFileName('math.GT/0309136v2')).toBe('math.GT_0309136.pdf');
    expect(pdfFileName('2507.12950v3')).toBe('2507.12950.pdf');
    expect(pdfFileName('arXiv:2507.12950')).toBe('2507.12950.pdf');
    expect(pdfRelPath('hep-th/9901001')).toBe('pdfs/hep-th_9901001.pdf');
    const lib = tempDir();
    expect(pdfPathFor(lib, 'hep-th/9901001')).toBe(path.join(lib, 'pdfs', 'hep-th_9901001.pdf'));
  });

  it('can never be placed outside the library folder', () => {
    const lib = tempDir();
    for (const evil of ['../../etc/passwd', 'hep-th/../../x', '/etc/passwd', '2507.12950/../../x', '..', 'a/b/c', '2507.12950\0.pdf', 'C:\\Windows\\x', '']) {
      expect(() => pdfPathFor(lib, evil), evil).toThrow(LecternError);
    }
    expect(() => resolveStoredPdfPath(lib, '../outside.pdf')).toThrow(/outside the library/);
    expect(() => resolveStoredPdfPath(lib, 'pdfs/../../x.pdf')).toThrow(/outside the library/);
    expect(resolveStoredPdfPath(lib, 'pdfs/hep-th_9901001.pdf')).toBe(pdfPathFor(lib, 'hep-th/9901001'));
  });

  it('are accepted only as whole PDFs of the announced length', () => {
    const dir = tempDir();
    const real = fs.readFileSync(CORPUS_PDFS[0]!);
    const file = (name: string, bytes: Buffer) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, bytes);
      return f;
    };
    expect(acceptDownloadedPdf(file('ok.pdf', real), real.length)).toEqual({ ok: true, size: real.length });
    expect(acceptDownloadedPdf(file('ok2.pdf', real), null)).toEqual({ ok: true, size: real.length });
    expect(acceptDownloadedPdf(file('len.pdf', real), real.length + 10)).toMatchObject({ ok: false, reason: expect.stringMatching(/^it has \d+ bytes where \d+ were expected/) });
    expect(acceptDownloadedPdf(file('cut.pdf', real.subarray(0, 300_000)), null)).toMatchObject({ ok: false, reason: expect.stringMatching(/incomplete \(no "%%EOF"/) });
    expect(acceptDownloadedPdf(file('tiny.pdf', Buffer.from('%PDF-1.4\n%%EOF\n')), null)).toMatchObject({ ok: false, reason: expect.stringMatching(/too small/) });
    expect(acceptDownloadedPdf(file('zip.pdf', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(2000, 1), real])), null)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a PDF/) });
    expect(acceptDownloadedPdf(path.join(dir, 'missing.pdf'), null)).toMatchObject({ ok: false, reason: 'the file is missing' });
  });

  it('refuse a web page served instead, saying so', () => {
    const page = Buffer.from('\n  <!DOCTYPE html><html><head><title>Just a moment...</title></head><body>captcha</body></html>');
    expect(sniffStart(page, 'application/pdf')).toMatchObject({ ok: false, html: true, reason: expect.stringMatching(/web page \(“Just a moment...”\) instead of the PDF.*captcha or a block page/) });
    expect(sniffStart(Buffer.from('%PDF-1.7\n'), 'text/html')).toMatchObject({ ok: false, html: true });
    expect(sniffStart(Buffer.from('%PDF-1.7\n...'), 'application/pdf')).toEqual({ ok: true });
    expect(sniffStart(Buffer.from('GIF89a......'), null)).toMatchObject({ ok: false, html: false, reason: 'it is not a PDF (it does not start with a "%PDF-" header)' });
  });

  it('leave no stale temporary file behind, but keep what a queued download will resume', () => {
    const lib = tempDir();
    const pdfs = path.join(lib, 'pdfs');
    fs.mkdirSync(pdfs);
    for (const f of ['2507.12950.pdf.part', 'hep-th_9901001.pdf.part', '2501.00001.pdf', 'x.pdf.tmp', 'notes.txt']) fs.writeFileSync(path.join(pdfs, f), 'x');
    const removed = cleanStaleTemps(lib, new Set(['hep-th/9901001']));
    expect(removed.sort()).toEqual(['2507.12950.pdf.part', 'x.pdf.tmp']);
    expect(fs.readdirSync(pdfs).sort()).toEqual(['2501.00001.pdf', 'hep-th_9901001.pdf.part', 'notes.txt']);
  });
});
