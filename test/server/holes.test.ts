import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/main/cli/main';
import { pdfProtocolHandler } from '../../src/main/pdf-protocol';
import { startServer, type RunningServer } from '../../src/main/server/server';
import { readText, testCore } from '../helpers/core';
import { request } from '../helpers/http';
import { ROOT, SEED_DIGEST, tempDir } from '../helpers/paths';
import { TESO_PDF } from '../helpers/pdfs';

// Issue 19 §5, the server's smaller holes: one test per attack, named for it.

/** `lectern serve` in this process: resolves once it printed its URL (or ended), with its output so far. */
async function serve(args: string[], library = tempDir()) {
  const out: string[] = [];
  const err: string[] = [];
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const io: CliIo = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    write: () => {},
    isTTY: false,
    columns: 80,
    readStdin: async () => new Uint8Array(),
    env: {},
    rendererDir: path.join(ROOT, 'out', 'renderer'),
    resourcesDir: path.join(ROOT, 'resources'),
    untilStopped: () => stopped,
  };
  const exit = runCli(['--library', library, 'serve', ...args], io);
  let code: number | null = null;
  void exit.then((c) => (code = c));
  for (let i = 0; i < 400 && code === null && !out.some((l) => l.startsWith('Lectern is serving at')); i++) await new Promise((r) => setTimeout(r, 25));
  const url = /^Lectern is serving at (\S+)$/.exec(out.find((l) => l.startsWith('Lectern is serving at')) ?? '')?.[1] ?? null;
  return {
    url,
    out,
    err,
    library,
    code: () => code,
    stop: async () => {
      stop();
      return exit;
    },
  };
}

/** GET or POST to a printed URL, with its token as the page would send it. */
async function callAt(url: string, method: string, headers: Record<string, string> = {}) {
  const u = new URL(url);
  const token = new URLSearchParams(u.hash.slice(1)).get('token')!;
  return request(Number(u.port), { host: u.hostname.replace(/^\[|\]$/g, ''), method: 'POST', path: `/api/${method}`, body: '{}', headers: { Host: u.host, 'Content-Type': 'application/json', 'X-Lectern-Token': token, ...headers } });
}

describe('the server holes of issue 19', () => {
  let server: RunningServer;
  let t: ReturnType<typeof testCore>;
  const logged: string[] = [];
  beforeAll(async () => {
    t = testCore();
    await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    const logger = { info: () => {}, warn: () => {}, error: (m: string, ...r: unknown[]) => logged.push([m, ...r.map(String)].join(': ')) };
    server = await startServer({ core: t.core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer'), logger });
  });
  afterAll(async () => {
    await server.close();
    t.core.close();
  });
  const auth = () => ({ 'X-Lectern-Token': server.token });

  it('a stored PDF path of lectern.sqlite (or a backup, or any file beside pdfs/) is not served: /pdf/<id> is confined to pdfs/', async () => {
    fs.mkdirSync(path.join(t.dir, 'backups'), { recursive: true });
    fs.copyFileSync(path.join(t.dir, 'lectern.sqlite'), path.join(t.dir, 'backups', 'copy.sqlite'));
    fs.writeFileSync(path.join(t.dir, 'notes.pdf'), '%PDF-1.4 beside pdfs/, not in it\n%%EOF\n');
    const put = t.core.db.prepare("INSERT INTO paper_file (paper_id, rel_path, bytes, sha256, added_at) VALUES (?, ?, 1, 'x', 'now')");
    put.run(1, 'lectern.sqlite');
    put.run(2, 'backups/copy.sqlite');
    put.run(3, 'notes.pdf');
    put.run(4, 'pdfs'); // the folder itself
    for (const id of [1, 2, 3, 4]) {
      const r = await request(server.port, { path: `/pdf/${id}`, headers: auth() });
      expect(r.status, String(id)).toBe(403);
      expect(r.body).toMatch(/Only files inside the library's pdfs\/ folder are served/);
      expect(r.body).not.toMatch(/SQLite format|%PDF/);
      const desktop = await pdfProtocolHandler(t.core)(new Request(`lectern-pdf://paper/${id}`));
      expect(desktop.status).toBe(403);
    }
    // Replacing the PDF of a paper whose row names the database deletes nothing outside pdfs/.
    await t.api.attachPdf({ ref: '1', file: t.core.received.add({ path: TESO_PDF }) });
    expect(fs.existsSync(path.join(t.dir, 'lectern.sqlite'))).toBe(true);
    expect((await request(server.port, { path: '/pdf/1', headers: auth() })).status).toBe(200);
  });

  it('the token trade\'s open redirect: /.//evil.example/?token=T sends the browser nowhere', async () => {
    for (const p of [`/.//evil.example/?token=${server.token}`, `//evil.example/?token=${server.token}`, `/\\evil.example/?token=${server.token}`, `/?token=${server.token}`]) {
      const r = await request(server.port, { path: p });
      expect(Math.floor(r.status / 100), `${p} answered ${r.status}`).not.toBe(3);
      expect(r.headers.location, p).toBeUndefined();
    }
  });

  it('a malformed % escape in an API path is a 400, never a 500 from an uncaught URIError', async () => {
    for (const p of ['/api/%E0%A4%A', '/api/%', '/api/lib%zzraryInfo']) {
      const r = await request(server.port, { method: 'POST', path: p, body: '{}', headers: { ...auth(), 'Content-Type': 'application/json' } });
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body).error).toEqual({ code: 'BAD_INPUT', message: 'The API path has a malformed % escape.' });
    }
    for (const p of ['/%', '/assets/%E0%A4%A', '/pdf/%zz']) expect((await request(server.port, { path: p, headers: auth() })).status, p).toBe(404);
    expect(logged).toEqual([]);
  });

  it('a call that fails inside the server is logged, and answered 500 without a stack', async () => {
    const side = new BetterSqlite3(path.join(t.dir, 'lectern.sqlite'));
    side.exec('DROP TABLE ui_state');
    side.close();
    const r = await request(server.port, { method: 'POST', path: '/api/getUiState', body: '{"key":"x"}', headers: { ...auth(), 'Content-Type': 'application/json' } });
    expect(r.status).toBe(500);
    expect(r.body).not.toMatch(/\n\s+at /);
    expect(logged.join('\n')).toMatch(/getUiState failed.*no such table: ui_state/);
  });
});

const IPV6 = await new Promise<boolean>((resolve) => {
  const s = net.createServer().once('error', () => resolve(false));
  s.listen(0, '::1', () => s.close(() => resolve(true)));
});

describe('lectern serve --host', () => {
  if (!IPV6) console.warn('lectern serve --host [::1]: not tried, this machine has no IPv6 loopback address (::1) to listen on.');

  it('--host 127.0.0.2 prints the address it listens on, and answers there', async () => {
    const s = await serve(['--host', '127.0.0.2']);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/#token=/);
    expect((await callAt(s.url!, 'libraryInfo')).status).toBe(200);
    expect(await s.stop()).toBe(0);
  });

  it.skipIf(!IPV6)('--host [::1] and --host ::1 serve on IPv6 loopback (no stack trace), and the printed URL answers', async () => {
    for (const host of ['[::1]', '::1']) {
      const s = await serve(['--host', host]);
      expect(s.err.join('\n'), host).not.toMatch(/\n\s+at /);
      expect(s.url, host).toMatch(/^http:\/\/\[::1\]:\d+\/#token=/);
      expect((await callAt(s.url!, 'libraryInfo')).status).toBe(200);
      expect(await s.stop()).toBe(0);
    }
  });

  it('a port in use, an address not on this machine, or a bad port is one sentence and exit 2, never a stack trace', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = String((busy.address() as net.AddressInfo).port);
    for (const [args, said] of [
      [['--port', port], new RegExp(`^lectern: Cannot serve on 127\\.0\\.0\\.1:${port}: port ${port} is already in use`)],
      [['--host', '127.0.0.1', '--port', '99999'], /^lectern: Cannot serve on port 99999: /],
      [['--host', '192.0.2.1', '--allow-remote'], /^lectern: Cannot serve on 192\.0\.2\.1:0: 192\.0\.2\.1 is not an address of this machine\.$/],
    ] as const) {
      const s = await serve([...args]);
      expect(s.url).toBeNull();
      const exit = await s.stop();
      expect(exit, args.join(' ')).toBe(2);
      expect(s.err.join('\n')).toMatch(said);
      expect(s.err.join('\n')).not.toMatch(/\n\s+at /);
    }
    busy.close();
  });

  it('serve logs what fails inside on stderr', async () => {
    const s = await serve([]);
    const side = new BetterSqlite3(path.join(s.library, 'lectern.sqlite'));
    side.exec('DROP TABLE ui_state');
    side.close();
    const u = new URL(s.url!);
    const token = new URLSearchParams(u.hash.slice(1)).get('token')!;
    const r = await request(Number(u.port), { method: 'POST', path: '/api/getUiState', body: '{"key":"x"}', headers: { Host: u.host, 'Content-Type': 'application/json', 'X-Lectern-Token': token } });
    expect(r.status).toBe(500);
    expect(s.err.join('\n')).toMatch(/^lectern serve: getUiState failed: no such table: ui_state$/m);
    await s.stop();
  });
});
