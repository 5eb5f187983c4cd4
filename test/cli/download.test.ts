import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/main/cli/main';
import { startFakeArxiv, type FakeArxiv } from '../helpers/arxiv-server';
import { AMBIGUOUS, SEED_IDS, seedArxivPapers } from '../helpers/arxiv-seed';
import { lecternAsync } from '../helpers/cli';
import { ROOT, SEED_DIGEST, tempDir } from '../helpers/paths';

let fake: FakeArxiv;
beforeAll(async () => {
  fake = await startFakeArxiv({ papers: seedArxivPapers() });
});
afterAll(() => fake.close());

const run = (lib: string, args: string[], env: Record<string, string> = {}, input?: string) => lecternAsync(['--library', lib, ...args], { env: { ...fake.env, ...env }, input });

/** The CLI in this process, with standard output as a terminal would get it. */
async function inTerminal(lib: string, args: string[]) {
  let raw = '';
  const io: CliIo = {
    stdout: (s) => (raw += `${s}\n`),
    stderr: (s) => (raw += `${s}\n`),
    write: (s) => (raw += s),
    isTTY: true,
    columns: 100,
    readStdin: async () => new Uint8Array(),
    env: { ...fake.env, LECTERN_ARXIV_DELAY_MS: '40' },
    rendererDir: path.join(ROOT, 'out', 'renderer'),
    resourcesDir: path.join(ROOT, 'resources'),
    untilStopped: () => new Promise(() => {}),
  };
  const code = await runCli(['--library', lib, ...args], io);
  return { code, raw };
}

describe('lectern resolve and lectern download', () => {
  it('resolve the seed digest, list the unsure, take a pick, then download with plain lines', async () => {
    const lib = tempDir();
    expect((await run(lib, ['import', SEED_DIGEST])).status).toBe(0);

    const res = await run(lib, ['resolve']);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('Looking up 29 papers on arXiv');
    expect(res.stdout).toContain(`matched    ${SEED_IDS[0]}  Insights into a radiology-specialised`);
    expect(res.stdout).toContain('27 matched, 0 updated from arXiv, 2 need your review, 0 not on arXiv, 0 failed.');
    expect(res.stdout).toContain('2 papers need you to pick the arXiv match:');
    expect(res.stdout).toMatch(/#16 {2}A Comprehensive Survey on Self-Interpretable Neural Networks {2}\(10 authors, 2025-01-26\)/);
    expect(res.stdout).toContain('pick: lectern resolve 16 --choose');
    expect(res.stdout.includes('\r') || res.stdout.includes('\u001b[')).toBe(false); // no bar when the output is not a terminal

    const review = JSON.parse((await run(lib, ['resolve', '--review', '--json'])).stdout);
    expect(review.total).toBe(2);
    expect(review.items.map((i: { paperId: number }) => i.paperId)).toEqual([16, 22]);

    const bad = await run(lib, ['resolve', '16', '--choose', '2401.00001']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('2401.00001 is not one of this paper\'s candidates');
    const pick = await run(lib, ['resolve', '16', '--choose', SEED_IDS[AMBIGUOUS[0]!]!]);
    expect(pick.status, pick.stderr).toBe(0);
    expect(pick.stdout).toContain(`#16 is now arXiv ${SEED_IDS[AMBIGUOUS[0]!]}: 10 authors`);

    // Indexing the text of 28 PDFs is left for later here (the next test has it done at once).
    const dl = await run(lib, ['download', '--digest', '1', '--no-text']);
    expect(dl.status, dl.stderr).toBe(0);
    expect(dl.stdout).toContain('Queued 29 PDFs (1 to be found on arXiv first).');
    expect(dl.stdout).toMatch(/^downloaded 2507\.12963 +461 KB {2}Insights into a radiology/m);
    expect(dl.stdout).toContain('28 downloaded, 0 failed. Library: 28 PDFs on disk, 0 failed, 0 still queued. Text of 28 PDFs not indexed yet: lectern extract.');
    expect(dl.stdout).toContain('1 download waits for you to pick the arXiv match: lectern resolve --review');

    const shown = JSON.parse((await run(lib, ['show', SEED_IDS[0]!, '--json'])).stdout);
    expect(shown).toMatchObject({ arxivId: SEED_IDS[0], pdf: 'downloaded', pdfPath: `pdfs/${SEED_IDS[0]}.pdf`, resolveState: 'matched' });
    expect(fs.existsSync(path.join(lib, 'pdfs', `${SEED_IDS[0]}.pdf`))).toBe(true);
    const list = JSON.parse((await run(lib, ['list', '--json'])).stdout) as { pdf: string }[];
    expect(list.filter((p) => p.pdf === 'downloaded')).toHaveLength(28);
    expect(new Set(list.map((p) => p.pdf))).toEqual(new Set(['downloaded', 'queued']));
    const queued = (await run(lib, ['list', '--pdf', 'queued'])).stdout;
    expect(queued.trim().split('\n').at(-1)).toBe('1 paper');
    expect(queued).toContain('Language Models Surface the Unwritten Code');
    const text = (await run(lib, ['show', '22'])).stdout;
    expect(text).toContain('unsure match: pick it with lectern resolve --review');
    expect(text).toContain('PDF:       queued (Waiting for you to pick its arXiv match)');
  }, 60_000);

  it('indexes the text of what it downloaded, so the next process finds a word only the PDF holds', async () => {
    const lib = tempDir();
    const links = SEED_IDS.slice(0, 3).map((id) => `- https://arxiv.org/abs/${id}`).join('\n');
    expect((await run(lib, ['import', '-'], {}, `Three to read:\n${links}\n`)).status).toBe(0);
    const before = await run(lib, ['list', '--search', 'Bethe']);
    expect(before.stdout.trim().split('\n').at(-1)).toBe('0 papers');

    const dl = await run(lib, ['download', '--all']);
    expect(dl.status, dl.stderr).toBe(0);
    expect(dl.stdout.trim().split('\n').at(-1)).toBe('3 downloaded, text of 3 indexed, 0 failed. Library: 3 PDFs on disk, 0 failed, 0 still queued.');

    // Another process: the words are in the index (the first PDF's lattice, the third's tabu search).
    const bethe = JSON.parse((await run(lib, ['list', '--search', 'Bethe', '--json'])).stdout) as { arxivId: string; title: string }[];
    expect(bethe.map((p) => p.arxivId)).toEqual([SEED_IDS[0]]);
    // …and the title arXiv gave replaced the one made up from the link.
    expect(bethe[0]!.title).toBe('Insights into a radiology-specialised multimodal large language model with sparse autoencoders');
    const tabu = await run(lib, ['list', '--search', 'tabu']);
    expect(tabu.stdout).toContain(SEED_IDS[2]);
    expect(tabu.stdout).toMatch(/p\. \d+: .*«tabu»/);
  }, 60_000);

  it('draws a progress bar on a terminal', async () => {
    const lib = tempDir();
    expect((await run(lib, ['import', SEED_DIGEST])).status).toBe(0);
    expect((await run(lib, ['resolve', '1', '2', '3'])).status).toBe(0);
    const { code, raw } = await inTerminal(lib, ['download', '1', '2', '3']);
    expect(code).toBe(0);
    const shown = raw.replaceAll('\u001b', '<ESC>');
    expect(shown).toMatch(/\r<ESC>\[2K\[#*\.*\] \d\/3/);
    expect(shown).toMatch(/\r<ESC>\[2Kdownloaded 2507\.13541/);
    expect(raw).toContain('3 downloaded, 0 failed.');
  });

  it('stops on a 403 with the reason and a non-zero exit, keeping the queue; --resume-arxiv goes on', async () => {
    const lib = tempDir();
    await run(lib, ['import', SEED_DIGEST]);
    await run(lib, ['resolve', '1', '2']);
    fake.fault(SEED_IDS[0]!, { kind: 'status', status: 403, times: 1 });
    const r = await run(lib, ['download', '1', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/arXiv refused access \(HTTP 403\) to http:\/\/127\.0\.0\.1:\d+\/pdf\/2507\.12963.*The queue is kept \(2 queued\)\./s);
    const again = await run(lib, ['download']);
    expect(again.status).toBe(1);
    const resumed = await run(lib, ['download', '--resume-arxiv', '--no-text']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('Traffic to arXiv may start again.');
    expect(resumed.stdout).toContain('2 downloaded, 0 failed.');
  });

  it('says what is wrong: a bad setting, an unknown paper, two selections', async () => {
    const lib = tempDir();
    await run(lib, ['import', SEED_DIGEST]);
    const env = await run(lib, ['download', '--all'], { LECTERN_ARXIV_DELAY_MS: 'fast' });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain('LECTERN_ARXIV_DELAY_MS must be a whole number of milliseconds (got "fast")');
    const unknown = await run(lib, ['download', '2401.00001']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No paper "2401.00001" in this library');
    const two = await run(lib, ['download', '1', '--all']);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('give only one of them');
    const queued = await run(lib, ['download', '--all', '--queue-only']);
    expect(queued.stdout).toContain('Queued 29 PDFs (29 to be found on arXiv first).');
    expect(fake.requests.length).toBeGreaterThan(0);
  });
});
