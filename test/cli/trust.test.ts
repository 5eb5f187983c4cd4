import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lectern } from '../helpers/cli';
import { damageHeader } from '../helpers/damage';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

describe('lectern export, backup, doctor, serve --host', () => {
  it('exports a filter to a file or to standard output, and says what is wrong with a bad request', () => {
    const lib = tempDir();
    expect(lectern(['--library', lib, 'import', SEED_DIGEST]).status).toBe(0);
    expect(lectern(['--library', lib, 'mark', '1', '2', 'read']).status).toBe(0);
    const out = path.join(tempDir(), 'unread.bib');
    const r = lectern(['--library', lib, 'export', '--format', 'bibtex', '--status', 'unread', '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`Exported 27 papers as BibTeX to ${out}.`);
    expect(fs.readFileSync(out, 'utf8').match(/^@misc\{/gm)).toHaveLength(27);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['unread.bib']); // no temporary file left
    const md = lectern(['--library', lib, 'export', '--format', 'md', '--search', 'pacemaker']);
    expect(md.stdout).toMatch(/^# Reading list\n\n1 paper: papers matching “pacemaker”\./);
    const bad = lectern(['--library', lib, 'export', '--format', 'docx']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("option '--format <format>' argument 'docx' is invalid. Choose one of: bibtex, ris, csl-json, csv, markdown.");
    const nowhere = lectern(['--library', lib, 'export', '--format', 'ris', '-o', path.join(lib, 'no', 'such', 'folder', 'x.ris')]);
    expect(nowhere.status).toBe(2);
    expect(nowhere.stderr).toMatch(/Cannot write .*x\.ris: the folder .*folder does not exist\. Nothing was written\./);
  });

  it('backs up, checks, and repairs a damaged library at the next command, saying so on stderr', () => {
    const lib = tempDir();
    expect(lectern(['--library', lib, 'import', SEED_DIGEST]).status).toBe(0);
    const b = lectern(['--library', lib, 'backup']);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/^Backed up 29 papers in 1 digest to .*backups\/lectern-\d{4}-\d{2}-\d{2}T\d{9}Z-manual\.sqlite \(0\.\d MB; integrity check passed\)\./);
    expect(lectern(['--library', lib, 'backup', '--list']).stdout).toMatch(/ UTC {2}manual +0\.\d MB {2}\//);
    const ok = lectern(['--library', lib, 'doctor']);
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim()).toMatch(/Everything is in order\.$/);

    damageHeader(path.join(lib, 'lectern.sqlite'));
    const sick = lectern(['--library', lib, 'doctor', '--json']);
    expect(sick.status).toBe(1);
    expect(JSON.parse(sick.stdout)).toMatchObject({ ok: false, checks: expect.arrayContaining([expect.objectContaining({ id: 'database', status: 'error' })]) });
    const list = lectern(['--library', lib, 'list', '--limit', '1']);
    expect(list.status).toBe(0);
    expect(list.stderr).toMatch(/^lectern: Your library was damaged and has been restored from a backup\. The library file was damaged \(the file does not start with an SQLite header/);
    expect(list.stdout.trim()).toMatch(/29 papers, 1 shown$/);
    expect(lectern(['--library', lib, 'doctor']).stdout).toMatch(/! Damaged files set aside: 1 damaged database file kept in damaged\//);
  });

  it('serves on loopback only unless --allow-remote is given', () => {
    const r = lectern(['--library', tempDir(), 'serve', '--host', '0.0.0.0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^lectern: Refusing to serve on 0\.0\.0\.0: other machines could reach your library there\..*--allow-remote/);
    const help = lectern(['serve', '--help']);
    expect(help.stdout).toContain('--allow-remote');
    expect(lectern(['--help']).stdout).toMatch(/export[\s\S]*backup[\s\S]*doctor/);
  });
});
