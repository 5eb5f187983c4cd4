import { describe, expect, it } from 'vitest';
import { readText, testCore } from '../helpers/core';
import { TESO_PDF } from '../helpers/pdfs';
import { SEED_DIGEST } from '../helpers/paths';

async function opened(now?: string) {
  const t = testCore(now);
  await t.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
  await t.api.attachPdf({ ref: '2', file: t.core.received.add({ path: TESO_PDF }) });
  return t;
}

const at = (page: number, seenPage = page, extra: Partial<{ offset: number; zoom: 'page-width' | number; pageCount: number }> = {}) => ({
  paperId: 2,
  page,
  offset: extra.offset ?? 0.25,
  zoom: extra.zoom ?? ('page-width' as const),
  pageCount: extra.pageCount ?? 11,
  seenPage,
});

describe('reading position and progress', () => {
  it('keeps the exact place, zoom included, and the furthest page seen', async () => {
    const { api, core } = await opened();
    expect((await api.readingState({ ref: '2' })).position).toBeNull();
    await api.saveReadingPosition(at(5, 6, { offset: 0.4321, zoom: 1.25 }));
    await api.saveReadingPosition(at(2, 3, { offset: 0.5, zoom: 1.5 })); // scrolled back up
    const s = await api.readingState({ ref: '2' });
    expect(s.position).toEqual({ page: 2, offset: 0.5, zoom: 1.5 });
    expect(s).toMatchObject({ furthestPage: 6, pageCount: 11, progress: 54 });
    // The table and `show` see the same progress.
    const row = (await api.listPapers({ limit: 100 })).rows.find((r) => r.id === 2)!;
    expect(row.progress).toBe(54);
    expect((await api.getPaper({ ref: '2' })).progress).toBe(54);
    expect((await api.listPapers({ limit: 100 })).rows.find((r) => r.id === 1)!.progress).toBeNull();
    core.close();
  });

  it('makes an unread paper reading on the first save, and leaves other statuses alone', async () => {
    const { api, core } = await opened('2026-11-25T09:00:00Z');
    const r = await api.saveReadingPosition(at(1));
    expect(r).toMatchObject({ status: 'reading', justReachedEnd: false, markedRead: false });
    const p = await api.getPaper({ ref: '2' });
    expect(p.status).toBe('reading');
    expect(p.statusChangedAt).toBe('2026-11-25T09:00:00.000Z');
    await api.markPapers({ papers: { refs: ['2'] }, status: 'read' });
    expect((await api.saveReadingPosition(at(2))).status).toBe('read'); // re-reading does not demote
    core.close();
  });

  it('offers read on reaching the last page once, or marks it read when the setting says so, keeping the date', async () => {
    const { api, core } = await opened('2026-11-25T10:00:00Z');
    await api.saveReadingPosition(at(9));
    const end = await api.saveReadingPosition(at(10, 11));
    expect(end).toMatchObject({ status: 'reading', progress: 100, furthestPage: 11, justReachedEnd: true, markedRead: false });
    expect((await api.saveReadingPosition(at(11, 11))).justReachedEnd).toBe(false); // offered once

    expect(await api.setReaderSettings({ autoMarkRead: true })).toEqual({ autoMarkRead: true, darkPages: false });
    await api.attachPdf({ ref: '3', file: core.received.add({ path: TESO_PDF }) });
    await api.saveReadingPosition({ ...at(3), paperId: 3 });
    const auto = await api.saveReadingPosition({ ...at(11, 11), paperId: 3 });
    expect(auto).toMatchObject({ status: 'read', justReachedEnd: true, markedRead: true });
    const p = await api.getPaper({ ref: '3' });
    expect(p.readAt).toBe('2026-11-25T10:00:00.000Z');
    // Back to unread by hand: the read date stays, so "what did I read" still knows.
    await api.markPapers({ papers: { refs: ['3'] }, status: 'unread' });
    expect((await api.getPaper({ ref: '3' })).readAt).toBe('2026-11-25T10:00:00.000Z');
    core.close();
  });

  it('does not call a one-page paper finished before its end was in view', async () => {
    const { api, core } = await opened();
    expect(await api.saveReadingPosition(at(1, 0, { pageCount: 1 }))).toMatchObject({ status: 'reading', progress: 0, furthestPage: 0, justReachedEnd: false });
    expect(await api.saveReadingPosition(at(1, 1, { pageCount: 1, offset: 0.3 }))).toMatchObject({ progress: 100, justReachedEnd: true });
    core.close();
  });

  it('never lets the furthest page pass the page count, even when a shorter file replaces the PDF', async () => {
    const { api, core } = await opened();
    await api.saveReadingPosition(at(11, 11));
    const r = await api.saveReadingPosition(at(20, 30, { pageCount: 8 }));
    expect(r).toMatchObject({ furthestPage: 8, progress: 100 });
    expect((await api.readingState({ ref: '2' })).position?.page).toBe(8);
    core.close();
  });

  it('refuses positions that make no sense', async () => {
    const { api, core } = await opened();
    for (const bad of [{ ...at(0) }, { ...at(1), offset: 1.5 }, { ...at(1), zoom: 50 }, { ...at(1), zoom: 'huge' }, { ...at(1), pageCount: 0 }]) {
      await expect(api.saveReadingPosition(bad as never)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    }
    await expect(api.saveReadingPosition({ ...at(1), paperId: 999 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    core.close();
  });

  it('keeps the reader settings in the library', async () => {
    const { api, core, dir } = await opened();
    expect(await api.readerSettings({})).toEqual({ autoMarkRead: false, darkPages: false });
    await api.setReaderSettings({ darkPages: true });
    core.close();
    const again = testCore(undefined, dir);
    expect(await again.api.readerSettings({})).toEqual({ autoMarkRead: false, darkPages: true });
    expect((await again.api.readingState({ ref: '2' })).settings.darkPages).toBe(true);
    again.core.close();
  });

  it('opens a PDF in the system viewer or its folder only in the desktop app', async () => {
    const { api, core } = await opened();
    await expect(api.showPdf({ ref: '2', how: 'open' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.readingState({ ref: '2' })).desktop).toBe(false);
    core.close();
    const calls: string[] = [];
    const desk = testCore(undefined, undefined, { desktop: { openPath: async (f) => (calls.push(`open ${f}`), ''), showItemInFolder: (f) => void calls.push(`reveal ${f}`) } });
    await desk.api.commitImport({ text: readText(SEED_DIGEST), fileName: 'seed.txt' });
    await desk.api.attachPdf({ ref: '2', file: desk.core.received.add({ path: TESO_PDF }) });
    const r = await desk.api.showPdf({ ref: '2', how: 'reveal' });
    await desk.api.showPdf({ ref: '2', how: 'open' });
    expect(calls).toEqual([`reveal ${r.path}`, `open ${r.path}`]);
    await expect(desk.api.showPdf({ ref: '5', how: 'open' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    desk.core.close();
  });
});
