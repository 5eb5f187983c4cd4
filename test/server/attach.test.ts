import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main/server/server';
import { readText, snapshot, testCore } from '../helpers/core';
import { request } from '../helpers/http';
import { ROOT, SEED_DIGEST, tempDir } from '../helpers/paths';
import { TESO_PDF } from '../helpers/pdfs';

// Issue 19 §3: the HTTP API read files anywhere on the machine. Now a PDF reaches the library over
// HTTP only as bytes the browser uploads; no call can name a file on the server's disk.
describe('attaching a PDF over HTTP', () => {
  let server: RunningServer;
  let t: ReturnType<typeof testCore>;
  beforeAll(async () => {
    t = testCore();
    await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    server = await startServer({ core: t.core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer'), maxUpload: 1024 * 1024 });
  });
  afterAll(async () => {
    await server.close();
    t.core.close();
  });
  const api = (method: string, body: unknown) =>
    request(server.port, { method: 'POST', path: `/api/${method}`, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': server.token } });
  const upload = (body: Buffer | string, name = 'paper.pdf', headers: Record<string, string> = {}) =>
    request(server.port, { method: 'POST', path: `/upload?name=${encodeURIComponent(name)}`, body, headers: { 'Content-Type': 'application/pdf', 'X-Lectern-Token': server.token, ...headers } });
  const uploads = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('lectern-upload-'));

  it('POST /api/attachPdf {"ref":3,"path":"/etc/shadow"} reads no file: the same refusal whether the path exists or not, nothing quoted, nothing copied', async () => {
    const before = snapshot(t.core);
    const secret = path.join(tempDir(), 'secret.pdf');
    fs.writeFileSync(secret, '%PDF-1.4\nroot:$6$secret-hash:19000:0:99999:7:::\n%%EOF\n');
    const answers = [];
    for (const p of ['/etc/shadow', '/etc/passwd', '/no/such/file', secret, TESO_PDF, path.join(t.dir, 'lectern.sqlite')]) {
      const r = await api('attachPdf', { ref: 3, path: p });
      expect(r.status, p).toBe(400);
      expect(r.body).not.toMatch(/root|secret|SQLite|%PDF/);
      answers.push(JSON.parse(r.body));
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1); // nothing tells whether a path exists
    expect(answers[0]).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^Invalid input for attachPdf at (ref|file)/) } });
    // A path in the handle's place is no handle either.
    expect((await api('attachPdf', { ref: '3', file: '/etc/shadow' })).status).toBe(400);
    expect(snapshot(t.core)).toEqual(before);
    expect(t.core.db.prepare('SELECT count(*) FROM paper_file').pluck().get()).toBe(0);
  });

  it('a handle a page guesses names no file', async () => {
    const r = await api('attachPdf', { ref: '3', file: 'A'.repeat(24) });
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body).error.message).toMatch(/No such file was received/);
  });

  it('a PDF arrives as uploaded bytes, is attached once, and /pdf/<id> serves exactly those bytes; the upload leaves no copy behind', async () => {
    const pdf = fs.readFileSync(TESO_PDF);
    const up = await upload(pdf, '../../TESO paper.pdf');
    expect(up.status).toBe(200);
    const { file, bytes } = JSON.parse(up.body).value;
    expect(bytes).toBe(pdf.length);
    const r = await api('attachPdf', { ref: '3', file });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).value).toMatchObject({ paperId: 3, file: 'pdfs/paper-3.pdf', bytes: pdf.length, replaced: false });
    const served = await request(server.port, { path: '/pdf/3', headers: { 'X-Lectern-Token': server.token } });
    expect(served.bytes.equals(pdf)).toBe(true);
    // The handle is spent, and the uploaded copy is gone.
    expect((await api('attachPdf', { ref: '4', file })).status).toBe(404);
    expect(uploads()).toEqual([]);
  });

  it('an uploaded file that is not a PDF is refused by its name, without quoting a byte of it', async () => {
    for (const [name, body, why] of [
      ['shadow.pdf', 'root:$6$xyzzy-hash:19000:0:99999:7:::\n', /it is not a PDF/],
      ['page.pdf', '<!doctype html><title>xyzzy bank</title>', /HTML page/],
      ['empty.pdf', '', /empty/],
    ] as const) {
      const { file } = JSON.parse((await upload(body, name)).body).value;
      const r = await api('attachPdf', { ref: '5', file });
      expect(r.status, name).toBe(422);
      const message = JSON.parse(r.body).error.message;
      expect(message).toMatch(new RegExp(`^Cannot attach ${name.replace('.', '\\.')}: `));
      expect(message).toMatch(why);
      expect(message).not.toMatch(/root|xyzzy|bank|doctype/i);
    }
    expect(uploads()).toEqual([]);
  });

  it('an upload over the bound is cut off with 413 and leaves nothing; the server goes on', async () => {
    const big = await upload(Buffer.alloc(1024 * 1024 + 1, 0x25));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.message).toBe('The file is larger than 1 MB.');
    expect(uploads()).toEqual([]);
    expect((await api('libraryInfo', {})).status).toBe(200);
  });

  it('an upload needs the token, our own origin, and application/pdf (no form post can send one)', async () => {
    const pdf = fs.readFileSync(TESO_PDF);
    expect((await upload(pdf, 'a.pdf', { 'X-Lectern-Token': '' })).status).toBe(403);
    expect((await upload(pdf, 'a.pdf', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await upload(pdf, 'a.pdf', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    for (const type of ['multipart/form-data; boundary=x', 'text/plain', 'application/x-www-form-urlencoded']) {
      expect((await upload(pdf, 'a.pdf', { 'Content-Type': type })).status, type).toBe(415);
    }
    expect((await request(server.port, { path: '/upload', headers: { 'X-Lectern-Token': server.token } })).status).toBe(405);
    expect(uploads()).toEqual([]);
  });
});
