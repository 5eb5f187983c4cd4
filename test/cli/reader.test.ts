import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lectern } from '../helpers/cli';
import { HTML_PAGE, TESO_PAGE3_WORD, TESO_PDF } from '../helpers/pdfs';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

describe('lectern attach, extract, show and list --search over PDF text', () => {
  it('attaches a PDF, indexes its text, and finds words inside it', () => {
    const lib = tempDir();
    expect(lectern(['--library', lib, 'import', SEED_DIGEST]).status).toBe(0);
    const r = lectern(['--library', lib, 'attach', '3', TESO_PDF]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Attached arxiv-2512\.24007-genpdf-outline\.pdf \(533 KB\) to #3 “Mirroring Users: .*” as pdfs\/paper-3\.pdf\.$/m);
    expect(r.stdout).toContain('Text of 11 pages indexed for search.');
    expect(fs.readFileSync(path.join(lib, 'pdfs', 'paper-3.pdf')).equals(fs.readFileSync(TESO_PDF))).toBe(true);

    const show = lectern(['--library', lib, 'show', '3']);
    expect(show.stdout).toContain('PDF:       downloaded (pdfs/paper-3.pdf, 533 KB, text of 11 pages indexed)');
    expect(JSON.parse(lectern(['--library', lib, 'show', '3', '--json']).stdout)).toMatchObject({ pdf: 'downloaded', progress: null });

    const found = lectern(['--library', lib, 'list', '--search', TESO_PAGE3_WORD]);
    expect(found.stdout).toMatch(/^\s+3 · unread .*Mirroring Users/m);
    expect(found.stdout).toMatch(new RegExp(`p\\. 3: .*«${TESO_PAGE3_WORD}»`));
    expect(found.stdout.trim().split('\n').at(-1)).toBe('1 paper');
    const json = JSON.parse(lectern(['--library', lib, 'attach', '4', TESO_PDF, '--json']).stdout);
    expect(json).toMatchObject({ paperId: 4, file: 'pdfs/paper-4.pdf', replaced: false, warnings: [], text: { state: 'done', pages: 11 } });
  });

  it('refuses a web page saved as .pdf, with the reason, and leaves the library as it was', () => {
    const lib = tempDir();
    lectern(['--library', lib, 'import', SEED_DIGEST]);
    const html = path.join(tempDir(), 'paper.pdf');
    fs.writeFileSync(html, HTML_PAGE);
    const r = lectern(['--library', lib, 'attach', '3', html]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('lectern: Cannot attach paper.pdf: it is an HTML page, not a PDF (perhaps a login, captcha or error page saved in its place). Nothing was changed.\n');
    expect(fs.existsSync(path.join(lib, 'pdfs')) ? fs.readdirSync(path.join(lib, 'pdfs')) : []).toEqual([]);
    expect(JSON.parse(lectern(['--library', lib, 'show', '3', '--json']).stdout).pdf).toBe('none');
    expect(lectern(['--library', lib, 'attach', '999', TESO_PDF]).stderr).toContain('No paper "999"');
  });

  it('extracts later what was attached with --no-text', () => {
    const lib = tempDir();
    lectern(['--library', lib, 'import', SEED_DIGEST]);
    const r = lectern(['--library', lib, 'attach', '5', TESO_PDF, '--no-text']);
    expect(r.stdout).not.toContain('indexed');
    expect(lectern(['--library', lib, 'list', '--search', TESO_PAGE3_WORD]).stdout.trim()).toBe('0 papers');
    const x = lectern(['--library', lib, 'extract']);
    expect(x.status).toBe(0);
    expect(x.stdout).toBe('Extracted the text of 1 PDF. In the index: 1; failed: 0; pending: 0.\n');
    expect(lectern(['--library', lib, 'list', '--search', TESO_PAGE3_WORD]).stdout.trim().split('\n').at(-1)).toBe('1 paper');
  });
});
