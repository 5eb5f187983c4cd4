import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main/server/server';
import { readText, testCore } from '../helpers/core';
import { ROOT, SEED_DIGEST } from '../helpers/paths';

/** A raw request, so tests can forge the Host, Origin and cookies a browser or an attacker would send. */
function request(port: number, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('lectern serve', () => {
  let server: RunningServer;
  let close: () => void;
  beforeAll(async () => {
    const { core } = testCore();
    close = () => core.close();
    server = await startServer({ core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer') });
  });
  afterAll(async () => {
    await server.close();
    close();
  });
  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    request(server.port, { method: 'POST', path: `/api/${method}`, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': server.token, ...headers } });

  it('listens on 127.0.0.1 with a long random token in its URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32,}$/);
    expect(Buffer.from(server.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('refuses requests without the token, or with a wrong one', async () => {
    expect((await request(server.port, { path: '/' })).status).toBe(403);
    expect((await request(server.port, { path: '/?token=nope' })).status).toBe(403);
    const r = await api('libraryInfo', {}, { 'X-Lectern-Token': 'x'.repeat(server.token.length) });
    expect(r.status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding), even with the token', async () => {
    const r = await request(server.port, { path: `/?token=${server.token}`, headers: { Host: `evil.example:${server.port}` } });
    expect(r.status).toBe(421);
    const a = await api('libraryInfo', {}, { Host: 'attacker.test' });
    expect(a.status).toBe(421);
  });

  it('trades the launch token for an HttpOnly SameSite=Strict cookie', async () => {
    const r = await request(server.port, { path: `/?token=${server.token}` });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    expect(r.headers['set-cookie']?.[0]).toMatch(/^lectern_token=[^;]+; HttpOnly; SameSite=Strict; Path=\//);
    const page = await request(server.port, { path: '/', headers: { Cookie: `lectern_token=${server.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a cross-origin API call even with the cookie', async () => {
    const r = await api('markPapers', { refs: ['1'], status: 'read' }, { Origin: 'http://evil.example', 'X-Lectern-Token': '', Cookie: `lectern_token=${server.token}` });
    expect(r.status).toBe(403);
  });

  it('carries the contract: import, list, errors as data', async () => {
    const imp = await api('commitImport', { text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    expect(imp.status).toBe(200);
    expect(JSON.parse(imp.body)).toMatchObject({ ok: true, value: { added: 29 } });
    const list = JSON.parse((await api('listPapers', { limit: 5, status: 'unread' })).body);
    expect(list.value.total).toBe(29);
    expect(list.value.rows).toHaveLength(5);
    const bad = await api('markPapers', { refs: [], status: 'read' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const unknown = await api('dropLibrary', {});
    expect(JSON.parse(unknown.body).error.code).toBe('BAD_INPUT');
    const unreadable = await api('commitImport', { text: '\u0000\u0001binary' });
    expect(unreadable.status).toBe(422);
  });

  it('serves only files inside the renderer folder', async () => {
    const cookie = { Cookie: `lectern_token=${server.token}` };
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/../../main/cli.js']) {
      const r = await request(server.port, { path: p, headers: cookie });
      expect([403, 404]).toContain(r.status);
      expect(r.body).not.toContain('"name": "lectern"');
    }
  });
});
