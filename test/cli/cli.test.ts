import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lectern } from '../helpers/cli';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

describe('the lectern command', () => {
  it('shows help', () => {
    const r = lectern(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['import', 'list', 'show', 'mark', 'attach', 'extract', 'serve']) expect(r.stdout).toContain(cmd);
  });

  it('imports, lists, shows and marks on a library folder', () => {
    const lib = tempDir();
    const dry = lectern(['--library', lib, 'import', SEED_DIGEST, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('29 found · 29 new · 0 already in the library · 0 unreadable');
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(fs.existsSync(path.join(lib, 'lectern.sqlite'))).toBe(true);
    expect(JSON.parse(lectern(['--library', lib, 'list', '--json']).stdout)).toEqual([]);

    const imp = lectern(['--library', lib, 'import', SEED_DIGEST, '--json']);
    expect(imp.status).toBe(0);
    const result = JSON.parse(imp.stdout);
    expect(result).toMatchObject({ dryRun: false, found: 29, new: 29, added: 29, name: 'Daily Papers 2026-01-08', searchable: true });

    const list = JSON.parse(lectern(['--library', lib, 'list', '--json']).stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(29);
    for (const key of ['id', 'arxivId', 'doi', 'title', 'abstract', 'authors', 'authorCount', 'published', 'upvotes', 'status', 'pdf', 'digests']) {
      expect(list[0]).toHaveProperty(key);
    }
    expect(list[0]).toMatchObject({ title: expect.stringMatching(/^Insights into a radiology/), authorCount: 6, published: '2025-07-17', status: 'unread', pdf: 'none', authors: null });

    const mark = lectern(['--library', lib, 'mark', '1', '2', '3', 'read']);
    expect(mark.status).toBe(0);
    expect(mark.stdout).toContain('3 of 3 papers marked read');
    const read = lectern(['--library', lib, 'list', '--status', 'read']);
    expect(read.stdout.trim().split('\n').at(-1)).toBe('3 papers');

    const again = lectern(['--library', lib, 'import', SEED_DIGEST]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Nothing changed.');
    expect(JSON.parse(lectern(['--library', lib, 'show', '2', '--json']).stdout).status).toBe('read');

    const search = lectern(['--library', lib, 'list', '--search', 'sparse autoencoders']);
    expect(search.stdout).toContain('Insights into a radiology');
    const show = lectern(['--library', lib, 'show', '1']);
    expect(show.stdout).toContain('6 authors');
    expect(show.stdout).toContain('https://huggingface.co/microsoft/maira-2-sae');
  });

  it('uses LECTERN_LIBRARY when --library is not given, and reads standard input', () => {
    const lib = tempDir();
    const r = lectern(['import', '-'], { input: fs.readFileSync(SEED_DIGEST), env: { LECTERN_LIBRARY: lib } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('from standard input');
    expect(fs.existsSync(path.join(lib, 'lectern.sqlite'))).toBe(true);
  });

  it('exits non-zero with the library unchanged when the input is unreadable', () => {
    const lib = tempDir();
    lectern(['--library', lib, 'import', SEED_DIGEST]);
    const before = lectern(['--library', lib, 'list', '--json']).stdout;
    const half = path.join(tempDir(), 'half.txt');
    fs.writeFileSync(half, fs.readFileSync(SEED_DIGEST, 'utf8').slice(0, 9000));
    const r = lectern(['--library', lib, 'import', half]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/half\.txt line \d+: the text ends inside an entry/);
    const missing = lectern(['--library', lib, 'import', '/nonexistent/digest.txt']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file');
    expect(lectern(['--library', lib, 'list', '--json']).stdout).toBe(before);
  });

  it('says what is wrong with a bad command line', () => {
    const lib = tempDir();
    const r = lectern(['--library', lib, 'mark', '1', 'done']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: lectern mark <ref...> unread|reading|read');
    const s = lectern(['--library', lib, 'list', '--status', 'finished']);
    expect(s.status).not.toBe(0);
    expect(s.stderr).toMatch(/Allowed choices are unread, reading, read/);
    const nf = lectern(['--library', lib, 'show', '2401.00001']);
    expect(nf.status).toBe(1);
    expect(nf.stderr).toContain('No paper "2401.00001"');
  });
});
