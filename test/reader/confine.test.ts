import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confinedPath, pdfRelPath } from '../../src/main/core/files/confine';
import { checkPdfFile } from '../../src/main/core/files/pdf-check';
import { parseRange, pdfResponse } from '../../src/main/core/files/serve-pdf';
import { pdfProtocolHandler } from '../../src/main/pdf-protocol';
import { startServer, type RunningServer } from '../../src/main/server/server';
import { LecternError } from '../../src/shared/errors';
import { readText, testCore } from '../helpers/core';
import { TESO_PDF } from '../helpers/pdfs';
import { ROOT, SEED_DIGEST, tempDir } from '../helpers/paths';

function refused(fn: () => unknown): LecternError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LecternError);
    expect((e as LecternError).code).toBe('FORBIDDEN');
    return e as LecternError;
  }
  throw new Error('expected a FORBIDDEN error');
}

describe('the library folder confinement', () => {
  const root = tempDir();
  const outside = tempDir();
  fs.mkdirSync(path.join(root, 'pdf'));
  fs.writeFileSync(path.join(root, 'pdf', 'ok.pdf'), '%PDF-1.4\n%%EOF\n');
  fs.writeFileSync(path.join(outside, 'secret.pdf'), '%PDF-1.4 secret\n%%EOF\n');
  fs.symlinkSync(path.join(outside, 'secret.pdf'), path.join(root, 'pdf', 'link.pdf'));
  fs.symlinkSync(outside, path.join(root, 'pdf', 'dirlink'));

  it('resolves plain relative paths inside the folder', () => {
    expect(confinedPath(root, 'pdf/ok.pdf')).toBe(path.join(root, 'pdf', 'ok.pdf'));
    expect(confinedPath(root, 'pdf/not-yet-there.pdf')).toBe(path.join(root, 'pdf', 'not-yet-there.pdf'));
  });

  it('refuses every way out: .., absolute and drive paths, backslashes, NUL, empty segments, links', () => {
    const attempts = [
      '../secret.pdf',
      'pdf/../../secret.pdf',
      'pdf/./ok.pdf',
      '..',
      '/etc/passwd',
      path.join(outside, 'secret.pdf'),
      'C:/Windows/win.ini',
      'c:secret.pdf',
      'pdf\\..\\..\\secret.pdf',
      '..\\secret.pdf',
      'pdf/ok.pdf\0.txt',
      'pdf//ok.pdf',
      '',
      'pdf/link.pdf',
      'pdf/dirlink/secret.pdf',
      '%2e%2e/secret.pdf/../../..', // decoded or not, it ends in ..
    ];
    for (const a of attempts) {
      const e = refused(() => confinedPath(root, a));
      expect(e.message).toMatch(/Only files inside the library folder are served/);
    }
    // What the message shows is printable.
    expect(refused(() => confinedPath(root, 'a\0b')).message).toContain('a?b');
  });

  it('names PDFs after the arXiv id, never with anything but [A-Za-z0-9._-]', () => {
    expect(pdfRelPath({ id: 7, arxivId: '2512.24007' })).toBe('pdfs/2512.24007.pdf');
    expect(pdfRelPath({ id: 7, arxivId: 'hep-th/9901001' })).toBe('pdfs/hep-th_9901001.pdf');
    expect(pdfRelPath({ id: 7, arxivId: null })).toBe('pdfs/paper-7.pdf');
    expect(pdfRelPath({ id: 7, arxivId: '../../etc/passwd' })).toBe('pdfs/paper-7.pdf');
    expect(pdfRelPath({ id: 7, arxivId: '..' })).toBe('pdfs/paper-7.pdf');
  });
});

describe('what makes a file a PDF (the one check: attach, downloads, doctor)', () => {
  const dir = tempDir();
  let n = 0;
  const check = (content: string | Buffer, expected: number | null = null) => {
    const f = path.join(dir, `f${n++}.pdf`);
    fs.writeFileSync(f, typeof content === 'string' ? Buffer.from(content, 'latin1') : content);
    return checkPdfFile(f, expected).problems.map((p) => p.code);
  };
  const body = (s: string) => s + ' '.repeat(3000);
  it('accepts a header in the first 1024 bytes and %%EOF in the last', () => {
    expect(check(body('%PDF-1.7\n') + '%%EOF\n')).toEqual([]);
    expect(check(body(`${' '.repeat(500)}%PDF-1.4`) + '%%EOF\r\n')).toEqual([]);
    expect(check(body('%PDF-1.7\n') + 'stream garbage')).toEqual(['NO_EOF']);
    expect(check('%PDF-1.4\n%%EOF\n')).toEqual(['TOO_SMALL']);
    expect(check(body('%PDF-1.7\n') + '%%EOF', 10)).toEqual(['SIZE']);
  });
  it('refuses empty files, HTML pages and other files, saying which, without quoting them', () => {
    expect(check('')).toEqual(['EMPTY']);
    expect(checkPdfFile(path.join(dir, 'missing.pdf')).problems).toEqual([{ code: 'MISSING', reason: 'the file is missing' }]);
    expect(check('<!DOCTYPE html><html>')).toEqual(['HTML']);
    expect(check('\n  <html lang="en">')).toEqual(['HTML']);
    // Issue 19 §5: a web page with "%PDF-" a little way in is still a web page.
    expect(check(body('<!DOCTYPE html>\n<html><head><title>Download</title></head><body><a href="x.pdf">%PDF-1.7 sample</a>') + '%%EOF')).toEqual(['HTML']);
    expect(check('\xEF\xBB\xBF<?xml version="1.0"?><html>%PDF-')).toEqual(['HTML']);
    const zip = checkPdfFile(path.join(dir, 'zip.pdf'));
    expect(zip.problems[0]?.code).toBe('MISSING');
    fs.writeFileSync(path.join(dir, 'zip.pdf'), 'PK\x03\x04secret-content');
    expect(checkPdfFile(path.join(dir, 'zip.pdf')).problems).toEqual([{ code: 'NO_HEADER', reason: 'it is not a PDF (it does not start with a "%PDF-" header)' }]);
  });
});

describe('serving a PDF with ranges', () => {
  it('parses one byte range, and says when it cannot be met', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=9-3', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull(); // several ranges: the whole file
    expect(parseRange('items=0-1', 100)).toBeNull();
  });

  it('answers 200, 206 and 416 with the right headers', async () => {
    const size = fs.statSync(TESO_PDF).size;
    const whole = pdfResponse(TESO_PDF, null);
    expect(whole.status).toBe(200);
    expect(whole.headers).toMatchObject({ 'Content-Type': 'application/pdf', 'Accept-Ranges': 'bytes', 'Content-Length': String(size) });
    whole.body!.destroy();
    const part = pdfResponse(TESO_PDF, 'bytes=0-4');
    expect(part.status).toBe(206);
    expect(part.headers['Content-Range']).toBe(`bytes 0-4/${size}`);
    const chunks: Buffer[] = [];
    for await (const c of part.body!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('%PDF-');
    expect(pdfResponse(TESO_PDF, `bytes=${size}-`).status).toBe(416);
    expect(pdfResponse(TESO_PDF, null, 'HEAD').body).toBeNull();
  });
});

function get(port: number, p: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('the PDF route of lectern serve and the desktop protocol', () => {
  let server: RunningServer;
  let t: ReturnType<typeof testCore>;
  let outsideFile: string;
  beforeAll(async () => {
    t = testCore();
    await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    await t.api.attachPdf({ ref: '1', file: t.core.received.add({ path: TESO_PDF }) });
    // Paper 2's row is tampered with to point outside the folder, and paper 3's through a link.
    outsideFile = path.join(tempDir(), 'outside.pdf');
    fs.writeFileSync(outsideFile, '%PDF-1.4 not yours\n%%EOF\n');
    fs.symlinkSync(outsideFile, path.join(t.dir, 'pdfs', 'sneaky.pdf'));
    const put = t.core.db.prepare("INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, added_at) VALUES (?, ?, 1, 'x', 'now')");
    put.run(2, `../${path.relative(path.dirname(t.dir), outsideFile)}`);
    put.run(3, 'pdfs/sneaky.pdf');
    put.run(4, 'pdfs/gone.pdf');
    server = await startServer({ core: t.core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer') });
  });
  afterAll(async () => {
    await server.close();
    t.core.close();
  });
  const auth = () => ({ 'X-Lectern-Token': server.token });

  it('serves a paper’s PDF behind the token, whole or by range', async () => {
    expect((await get(server.port, '/pdf/1')).status).toBe(403);
    const r = await get(server.port, '/pdf/1', auth());
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.body.equals(fs.readFileSync(TESO_PDF))).toBe(true);
    const part = await get(server.port, '/pdf/1', { ...auth(), Range: 'bytes=0-7' });
    expect(part.status).toBe(206);
    expect(part.body.toString('latin1')).toBe('%PDF-1.7');
  });

  it('refuses rows that lead outside the folder, and says what is missing', async () => {
    for (const id of [2, 3]) {
      const r = await get(server.port, `/pdf/${id}`, auth());
      expect(r.status).toBe(403);
      expect(r.body.toString()).not.toContain('not yours');
    }
    expect((await get(server.port, '/pdf/4', auth())).body.toString()).toMatch(/missing from the library folder \(pdfs\/gone\.pdf\)/);
    expect((await get(server.port, '/pdf/5', auth())).body.toString()).toMatch(/has no PDF yet/);
    for (const p of ['/pdf/../lectern.sqlite', '/pdf/%2e%2e%2flectern.sqlite', '/pdf/1/../../lectern.sqlite', '/pdf/abc', '/pdf/1.pdf']) {
      const r = await get(server.port, p, auth());
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body.subarray(0, 5).toString()).not.toBe('%PDF-');
      expect(r.body.toString()).not.toContain('SQLite format');
    }
  });

  it('the desktop protocol answers the same way, with ranges, from the same core function', async () => {
    const handle = pdfProtocolHandler(t.core);
    const ok = await handle(new Request('lectern-pdf://paper/1'));
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer()).equals(fs.readFileSync(TESO_PDF))).toBe(true);
    const part = await handle(new Request('lectern-pdf://paper/1', { headers: { Range: 'bytes=0-4' } }));
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('%PDF-');
    expect((await handle(new Request('lectern-pdf://paper/2'))).status).toBe(403);
    expect((await handle(new Request('lectern-pdf://paper/3'))).status).toBe(403);
    expect((await handle(new Request('lectern-pdf://paper/4'))).status).toBe(404);
    for (const u of ['lectern-pdf://paper/../lectern.sqlite', 'lectern-pdf://paper/1/../../x', 'lectern-pdf://other/1', 'lectern-pdf://paper/%2e%2e', 'lectern-pdf://paper/']) {
      const r = await handle(new Request(u));
      expect(r.status, u).toBeGreaterThanOrEqual(400);
      expect((await r.text()).startsWith('%PDF-')).toBe(false);
    }
    expect((await handle(new Request('lectern-pdf://paper/1', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
