import { describe, expect, it } from 'vitest';
import { lectern } from '../helpers/cli';
import { SEED_DIGEST, tempDir } from '../helpers/paths';

describe('organizing the library from the command line', () => {
  // About forty runs of the command, each a process of its own: slow on a busy machine.
  it('tags, stars, notes, filters, views, remove with undo, and statistics', { timeout: 180_000 }, () => {
    const lib = tempDir();
    const run = (...args: string[]) => {
      const r = lectern(['--library', lib, ...args]);
      return { ...r, out: r.stdout.trim() };
    };
    expect(run('import', SEED_DIGEST).status).toBe(0);
    expect(run('tag', '1', '2', '3', '--add', 'nlp,survey').out).toBe('Tagged 3 papers “nlp”, “survey”.');
    expect(run('tag', '3', '--remove', 'survey').out).toBe('Removed a tag from 1 paper.');
    expect(run('tags').stdout).toBe('      3  nlp\n      2  survey\n');
    expect(run('star', '2').out).toBe('Starred 1 paper.');
    expect(run('note', '2', 'compare', 'with', 'the', 'zebrafish', 'study').out).toBe('Note saved on #2.');
    expect(run('note', '2').out).toBe('compare with the zebrafish study');

    // Filters combine; the quick search finds the note.
    expect(run('list', '--search', 'zebrafish').out).toMatch(/^2 .*PrefPalette.*\n1 paper$/);
    expect(run('list', '--tag', 'nlp', '--starred').out.split('\n').at(-1)).toBe('1 paper');
    expect(run('list', '--tag', 'nlp', '--published', '2025-08').out).toMatch(/Mirroring Users[^\n]*\n1 paper$/);
    const json = JSON.parse(run('show', '2', '--json').out);
    expect(json).toMatchObject({ starred: true, tags: ['nlp', 'survey'], note: 'compare with the zebrafish study' });

    // A saved view, then the built-in ones.
    expect(run('views', 'save', 'NLP unread', '--tag', 'nlp', '--is', 'unread').out).toBe('Saved view “NLP unread”.');
    expect(run('list', '--view', 'nlp unread').out.split('\n').at(-1)).toBe('3 papers');
    run('mark', '1', 'read');
    // Marking is undoable like every other action, from any caller.
    expect(run('mark', '1', '5', 'reading').out).toBe('2 of 2 papers marked reading.');
    expect(run('undo').out).toBe('Undone: Marked 2 papers reading.');
    // --status, the older single-value option, keeps working, also beside --is.
    expect(run('list', '--status', 'read').out).toMatch(/Insights into a radiology[^\n]*\n1 paper$/);
    expect(run('list', '--status', 'read', '--is', 'read,reading').out.split('\n').at(-1)).toBe('1 paper');
    expect(run('list', '--status', 'read', '--is', 'unread').stderr).toContain('--status read contradicts the other filters');
    expect(run('list', '--view', 'Read this week').out).toMatch(/Insights into a radiology[^\n]*\n1 paper$/);
    expect(run('list', '--view', 'NLP unread').out.split('\n').at(-1)).toBe('2 papers');

    // Remove asks for --yes, and can be undone.
    const ask = run('remove', '--all-matching', '--tag', 'nlp');
    expect(ask.status).toBe(2);
    expect(ask.stderr).toContain('This would remove 3 papers; add --yes');
    expect(run('remove', '--all-matching', '--tag', 'nlp', '--yes').out).toBe('Removed 3 papers. Undo with: lectern undo');
    expect(run('list').out.split('\n').at(-1)).toBe('26 papers');
    expect(run('undo').out).toBe('Undone: Removed 3 papers.');
    expect(run('list').out.split('\n').at(-1)).toBe('29 papers');
    expect(JSON.parse(run('show', '2', '--json').out)).toMatchObject({ starred: true, tags: ['nlp', 'survey'] });

    // Tag management.
    expect(run('tags', 'merge', 'survey', '--into', 'nlp').out).toBe('Merged 1 tag into “nlp” (3 papers).');
    expect(run('tags', 'rename', 'nlp', 'NLP').out).toBe('Renamed to “NLP” (3 papers).');
    expect(run('tags', 'delete', 'NLP').out).toBe('Deleted “NLP”; 3 papers lost it.');

    const stats = JSON.parse(run('stats', '--weeks', '2', '--json').out);
    expect(stats.totals).toMatchObject({ unread: 28, read: 1, readThisWeek: 1 });
    expect(run('stats').out).toContain('28 unread · 0 reading · 1 read');
  });

  it('says what is wrong with bad filter options', () => {
    const lib = tempDir();
    const bad = lectern(['--library', lib, 'list', '--is', 'done']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('--is takes unread, reading, read (got "done")');
    const range = lectern(['--library', lib, 'list', '--upvotes', '9..2']);
    expect(range.status).toBe(2);
    expect(range.stderr).toContain('at least 9 but at most 2');
    const tag = lectern(['--library', lib, 'list', '--tag', 'nope']);
    expect(tag.status).toBe(1);
    expect(tag.stderr).toContain('No tag “nope”');
    const view = lectern(['--library', lib, 'list', '--view', 'Someday']);
    expect(view.stderr).toContain('Views: Inbox, Reading, Read this week, Needs review');
  });
});
