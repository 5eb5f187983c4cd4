import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/main/server/server';
import { snapshot, testCore } from '../helpers/core';
import { request } from '../helpers/http';
import { ROOT, SEED_DIGEST } from '../helpers/paths';

// Issue 19 §5: imports ran on the server's event loop (a 13 MB paste stalled other clients for
// 6.5 s) and four 250 MB bodies at once took the server to 2 GB.
function builtImportWorker(): string {
  const file = path.join(ROOT, 'out', 'main', 'import-worker.js');
  if (!fs.existsSync(file)) throw new Error('The import worker is not built: run `npm run build` first (npm test does).');
  return file;
}

const page = fs.readFileSync(SEED_DIGEST, 'utf8');
const paste = page.repeat(Math.ceil(13e6 / page.length)); // 13 MB of Daily Papers pages

describe('imports in the import worker', () => {
  let server: RunningServer;
  let t: ReturnType<typeof testCore>;
  beforeAll(async () => {
    t = testCore(undefined, undefined, { importWorkerFile: builtImportWorker(), backgroundIndexing: true });
    server = await startServer({ core: t.core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer') });
  });
  afterAll(async () => {
    await server.close();
    t.core.close();
  });
  const api = (method: string, body: unknown) =>
    request(server.port, { method: 'POST', path: `/api/${method}`, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': server.token } });

  it('a 13 MB paste is parsed off the event loop: other clients keep being answered meanwhile', async () => {
    await api('libraryInfo', {});
    let importing = true;
    const answered: number[] = [];
    const others = (async () => {
      while (importing) {
        const started = performance.now();
        expect((await api('libraryInfo', {})).status).toBe(200);
        answered.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const started = performance.now();
    const preview = await api('previewImport', { text: paste, fileName: 'big.txt' });
    const took = performance.now() - started;
    importing = false;
    await others;
    expect(preview.status).toBe(200);
    const shown = JSON.parse(preview.body).value;
    expect(shown).toMatchObject({ format: 'hf-text', found: expect.any(Number) });
    expect(shown.new).toBeGreaterThanOrEqual(29);
    // On the event loop, the few calls that got through each waited for the whole parse.
    answered.sort((a, b) => a - b);
    const median = answered[answered.length >> 1]!;
    console.log(`13 MB paste: preview ${took.toFixed(0)} ms; meanwhile ${answered.length} other calls answered, median ${median.toFixed(0)} ms`);
    expect(answered.length).toBeGreaterThanOrEqual(10);
    expect(median).toBeLessThan(Math.max(250, took / 10));
    // The commit by key writes it, from the worker, without the text.
    const commit = await api('commitImport', { plan: shown.planKey });
    expect(JSON.parse(commit.body).value).toMatchObject({ added: shown.new, searchable: true });
  }, 120_000);

  it('an unreadable paste is refused with its reason from the worker, the library unchanged', async () => {
    const before = snapshot(t.core);
    const r = await api('commitImport', { text: '\u0000\u0001binary', fileName: 'x.bin' });
    expect(r.status).toBe(422);
    expect(JSON.parse(r.body).error.message).toMatch(/^x\.bin is binary data, not text/);
    expect(snapshot(t.core)).toEqual(before);
  });
});

describe('request bodies in flight', () => {
  it('four large bodies at once cannot take the server\'s memory: past the total in flight, the others are told to try again (503)', async () => {
    const { core } = testCore();
    const s = await startServer({ core, port: 0, rendererDir: path.join(ROOT, 'out', 'renderer'), maxBody: 1 << 20, maxBodiesInFlight: (1 << 20) + (1 << 19) });
    // Four clients each send a 1 MB body slowly, holding their part of the total while they do.
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const sends = [0, 1, 2, 3].map(
      () =>
        new Promise<number>((resolve, reject) => {
          const req = http.request({ agent: false, host: '127.0.0.1', port: s.port, method: 'POST', path: '/api/libraryInfo', headers: { Host: `127.0.0.1:${s.port}`, 'Content-Type': 'application/json', 'X-Lectern-Token': s.token } }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          });
          req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE' ? resolve(0) : reject(e)));
          let sent = 0;
          const more = () => {
            if (sent >= 15) return void req.end(' {}');
            sent++;
            req.write(chunk);
            setTimeout(more, 20);
          };
          more();
        }),
    );
    const statuses = await Promise.all(sends);
    expect(statuses.filter((c) => c === 503).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((c) => c === 200).length).toBeGreaterThanOrEqual(1);
    // Once they are done the budget is whole again.
    const ok = await request(s.port, { method: 'POST', path: '/api/libraryInfo', body: '{}', headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': s.token } });
    expect(ok.status).toBe(200);
    const busy = await request(s.port, { method: 'POST', path: '/api/libraryInfo', body: ' '.repeat(1 << 20) + '{}', headers: { 'Content-Type': 'application/json', 'X-Lectern-Token': s.token } });
    expect(busy.status).toBe(413);
    await s.close();
    core.close();
  });
});
