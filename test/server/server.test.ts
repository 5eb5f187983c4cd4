import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main/server/server';
import { CSP } from '../../src/shared/csp';
import { readText, testCore } from '../helpers/core';
import { request } from '../helpers/http';
import { ROOT, SEED_DIGEST } from '../helpers/paths';

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
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32,}$/);
    expect(Buffer.from(server.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('refuses API calls and PDFs without the token, or with a wrong one', async () => {
    expect((await api('libraryInfo', {}, { 'X-Lectern-Token': '' })).status).toBe(403);
    const r = await api('libraryInfo', {}, { 'X-Lectern-Token': 'x'.repeat(server.token.length) });
    expect(r.status).toBe(403);
    expect((await request(server.port, { path: '/pdf/1' })).status).toBe(403);
    // The token counts only as the header: in the query string it opens nothing.
    expect((await request(server.port, { method: 'POST', path: `/api/libraryInfo?token=${server.token}`, headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding), even with the token', async () => {
    const r = await request(server.port, { path: `/?token=${server.token}`, headers: { Host: `evil.example:${server.port}` } });
    expect(r.status).toBe(421);
    const a = await api('libraryInfo', {}, { Host: 'attacker.test' });
    expect(a.status).toBe(421);
  });

  it('serves the page itself without the token, sets no cookie, and the page holds no secret', async () => {
    const page = await request(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect(page.body).not.toContain(server.token);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a token cookie another local server received and replays opens nothing (cookies are not scoped by port)', async () => {
    const cookie = { 'X-Lectern-Token': '', Cookie: `lectern_token=${server.token}; x-lectern-token=${server.token}` };
    expect((await api('libraryInfo', {}, cookie)).status).toBe(403);
    expect((await api('libraryInfo', {}, { ...cookie, Origin: `http://127.0.0.1:${server.port}`, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(403);
    expect((await request(server.port, { path: '/pdf/1', headers: cookie })).status).toBe(403);
    for (const p of ['/', `/?token=${server.token}`]) expect((await request(server.port, { path: p })).headers['set-cookie'], p).toBeUndefined();
  });

  it('refuses a cross-origin API call even with the token', async () => {
    const r = await api('markPapers', { papers: { refs: ['1'] }, status: 'read' }, { Origin: 'http://evil.example' });
    expect(r.status).toBe(403);
  });

  it('carries the contract: import, list, errors as data', async () => {
    const imp = await api('commitImport', { text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    expect(imp.status).toBe(200);
    expect(JSON.parse(imp.body)).toMatchObject({ ok: true, value: { added: 29 } });
    const list = JSON.parse((await api('listPapers', { limit: 5, status: 'unread' })).body);
    expect(list.value.total).toBe(29);
    expect(list.value.rows).toHaveLength(5);
    const bad = await api('markPapers', { papers: { refs: ['1'] }, status: 'done' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const unknown = await api('dropLibrary', {});
    expect(JSON.parse(unknown.body).error.code).toBe('BAD_INPUT');
    const unreadable = await api('commitImport', { text: '\u0000\u0001binary' });
    expect(unreadable.status).toBe(422);
  });

  it('serves only files inside the renderer folder', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/../../main/cli.js']) {
      const r = await request(server.port, { path: p });
      expect([403, 404]).toContain(r.status);
      expect(r.body).not.toContain('"name": "lectern"');
    }
  });

  // Each check below is named after the attack it stops.

  it('security headers are on every response, errors included (sniffing, framing, referrer leaks)', async () => {
    const responses = [
      await request(server.port, { path: '/' }), // the page
      await api('libraryInfo', {}), // JSON
      await request(server.port, { path: '/nope' }), // 404
      await api('libraryInfo', {}, { 'X-Lectern-Token': '' }), // 403, no token
      await request(server.port, { path: '/', headers: { Host: 'evil.example' } }), // 421
      await request(server.port, { path: `/pdf/1` }), // 403, no token
    ];
    for (const r of responses) {
      expect(r.headers['content-security-policy'], String(r.status)).toBe(CSP);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(CSP).toContain("frame-ancestors 'none'");
    // The page is never cached: a new launch's page is always the one shown.
    expect(responses[0]!.headers['cache-control']).toBe('no-store');
  });

  it('a page on another origin cannot call the API (CSRF): Origin foreign or null, or Sec-Fetch-Site cross-site', async () => {
    const asBrowser = (headers: Record<string, string>) => api('markPapers', { papers: { refs: ['1'] }, status: 'read' }, headers);
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, `http://localhost.evil.example:${server.port}`]) {
      expect((await asBrowser({ Origin: origin })).status, origin).toBe(403);
    }
    for (const site of ['cross-site', 'same-site']) expect((await asBrowser({ 'Sec-Fetch-Site': site })).status, site).toBe(403);
    // The app's own page is let through.
    expect((await asBrowser({ Origin: `http://127.0.0.1:${server.port}`, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
  });

  it('a cross-site form post cannot reach the API (no preflight): only application/json is accepted', async () => {
    const r = await request(server.port, {
      method: 'POST',
      path: '/api/markPapers',
      headers: { 'Content-Type': 'text/plain', 'X-Lectern-Token': server.token },
      body: JSON.stringify({ refs: ['1'], status: 'read' }),
    });
    expect(r.status).toBe(415);
    const form = await request(server.port, { method: 'POST', path: '/api/markPapers', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Lectern-Token': server.token }, body: 'refs=1' });
    expect(form.status).toBe(415);
  });

  it('no CORS: a preflight from another origin is not answered with any Access-Control header', async () => {
    const r = await request(server.port, {
      method: 'OPTIONS',
      path: '/api/libraryInfo',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-lectern-token' },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect((await api('libraryInfo', {}, { 'X-Lectern-Token': server.token })).status).toBe(200);
    expect((await request(server.port, { method: 'GET', path: '/api/libraryInfo', headers: { 'X-Lectern-Token': server.token } })).status).toBe(405);
  });

  it('DNS rebinding with any other Host, or none, is refused before the token is even looked at', async () => {
    for (const host of [`127.0.0.1:${server.port + 1}`, `rebind.evil.example:${server.port}`, `127.0.0.1.evil.example:${server.port}`, 'localhost', `[::1]:${server.port + 1}`]) {
      const r = await request(server.port, { path: `/?token=${server.token}`, headers: { Host: host } });
      expect(r.status, host).toBe(421);
    }
    expect((await api('libraryInfo', {}, { Host: `localhost:${server.port}` })).status).toBe(200);
  });
});

describe('lectern serve, bounds', () => {
  it('a body flood is cut off with 413, and the server keeps serving', async () => {
    const { core } = testCore();
    const s = await startServer({ core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer'), maxBody: 64 * 1024 });
    const big = await request(s.port, {
      method: 'POST',
      path: '/api/previewImport',
      headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': s.token },
      body: JSON.stringify({ text: 'x'.repeat(200 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.message).toBe('The request is larger than 65536 bytes.');
    const ok = await request(s.port, { method: 'POST', path: '/api/libraryInfo', headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': s.token }, body: '{}' });
    expect(ok.status).toBe(200);
    await s.close();
    core.close();
  });

  it('is not reachable from the network unless asked: non-loopback addresses need allowRemote', async () => {
    const { core } = testCore();
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'example.org']) {
      await expect(startServer({ core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer'), host })).rejects.toMatchObject({
        code: 'BAD_INPUT',
        message: expect.stringMatching(/^Refusing to serve on .*: other machines could reach your library there\. .*--allow-remote/),
      });
    }
    const local = await startServer({ core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer') });
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // Listening on loopback only: the machine's other addresses do not answer.
    const lan = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
    if (lan) await expect(request(local.port, { host: lan.address, path: '/' })).rejects.toThrow(/ECONNREFUSED/);
    await local.close();

    const remote = await startServer({ core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer'), host: '0.0.0.0', allowRemote: true });
    const withToken = { 'X-Lectern-Token': remote.token, 'Content-Type': 'application/json' };
    const info = (host: string, headers: Record<string, string>) => request(remote.port, { host, method: 'POST', path: '/api/libraryInfo', body: '{}', headers });
    if (lan) expect((await info(lan.address, { Host: `${lan.address}:${remote.port}`, ...withToken })).status).toBe(200);
    // Still no way in under a foreign name, or without the token.
    expect((await info('127.0.0.1', { Host: `evil.example:${remote.port}`, ...withToken })).status).toBe(421);
    expect((await info('127.0.0.1', { 'Content-Type': 'application/json' })).status).toBe(403);
    await remote.close();
    core.close();
  });
});
