import { describe, expect, it } from 'vitest';
import { parsePageInput, positionAt, scrollTopFor, seenPage, stepZoom, type PageBox } from '../../src/renderer/src/reader/geometry';
import { describeOpenError } from '../../src/renderer/src/reader/pdf-errors';
import { leadIn, snippetParts } from '../../src/renderer/src/format';

// Ten pages of 1000 px with 12 px between them, starting 12 px down (the viewer's padding).
const boxes: PageBox[] = Array.from({ length: 10 }, (_, i) => ({ top: 12 + i * 1012, height: 1000 }));
const boxOf = (i: number) => boxes[i]!;

describe('the reader’s geometry', () => {
  it('turns a scroll offset into a page and a fraction of it, and back', () => {
    expect(positionAt(0, 10, boxOf)).toEqual({ page: 1, offset: 0 });
    expect(positionAt(12 + 250, 10, boxOf)).toEqual({ page: 1, offset: 0.25 });
    expect(positionAt(12 + 3 * 1012 + 500, 10, boxOf)).toEqual({ page: 4, offset: 0.5 });
    expect(positionAt(1e9, 10, boxOf).page).toBe(10);
    for (const [page, offset] of [[1, 0], [4, 0.5], [7, 0.123], [10, 0.99]] as const) {
      const top = scrollTopFor(page, offset, 10, boxOf);
      const back = positionAt(top, 10, boxOf);
      expect(back.page).toBe(page);
      expect(back.offset).toBeCloseTo(offset, 2);
    }
    // At another zoom the boxes are bigger: the same place is still the same place.
    const big = (i: number) => ({ top: 12 + i * 2012, height: 2000 });
    expect(positionAt(scrollTopFor(4, 0.5, 10, big), 10, big)).toEqual({ page: 4, offset: 0.5 });
    expect(scrollTopFor(99, 2, 10, boxOf)).toBe(12 + 9 * 1012 + 1000); // clamped, never past the document
  });

  it('counts a page as seen when half of it (or half the view) was visible, and the last one at the bottom', () => {
    const view = (scrollTop: number, height = 800) => ({ scrollTop, height, scrollHeight: 12 + 10 * 1012 });
    expect(seenPage(view(0), 10, boxOf)).toBe(1);
    expect(seenPage(view(12 + 700), 10, boxOf)).toBe(2); // page 2 shows 488 of 800 px of view
    expect(seenPage(view(12 + 100), 10, boxOf)).toBe(1);
    expect(seenPage(view(12 + 10 * 1012 - 800), 10, boxOf)).toBe(10);
    expect(seenPage(view(0, 5000), 10, boxOf)).toBe(5); // a tall view sees several pages
    // The last page only once its bottom shows: a one-page paper is not "finished" on opening.
    const one = (i: number) => ({ top: 12 + i * 1012, height: 1000 });
    expect(seenPage({ scrollTop: 0, height: 800, scrollHeight: 1024 }, 1, one)).toBe(0);
    expect(seenPage({ scrollTop: 224, height: 800, scrollHeight: 1024 }, 1, one)).toBe(1);
    expect(seenPage(view(12 + 8 * 1012 + 300), 10, boxOf)).toBe(9); // page 10 half shown, its bottom not yet
    expect(seenPage({ scrollTop: 12 + 9 * 1012 + 150, height: 800, scrollHeight: 12 + 10 * 1012 + 100 }, 10, boxOf)).toBe(9);
    expect(seenPage({ scrollTop: 12 + 9 * 1012 + 201, height: 800, scrollHeight: 12 + 10 * 1012 + 100 }, 10, boxOf)).toBe(10);
  });

  it('steps zoom through fixed levels and reads page numbers typed by the user', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1, -1)).toBe(0.9);
    expect(stepZoom(1.37, 1)).toBe(1.5);
    expect(stepZoom(5, 1)).toBe(5);
    expect(stepZoom(0.25, -1)).toBe(0.25);
    expect(parsePageInput(' 7 ', 10)).toBe(7);
    for (const bad of ['0', '11', 'x', '', '3.5', '-1', '1e3']) expect(parsePageInput(bad, 10)).toBeNull();
  });
});

describe('what the reader says', () => {
  it('explains why a PDF does not open', () => {
    const err = (name: string, message: string, extra = {}) => Object.assign(new Error(message), { name, ...extra });
    expect(describeOpenError(err('InvalidPDFException', 'The PDF file is empty, i.e. its size is zero bytes.'), 'a.pdf')).toMatch(/^a\.pdf is empty \(0 bytes\)/);
    expect(describeOpenError(err('InvalidPDFException', 'Invalid PDF structure.'), 'b.pdf')).toMatch(/^b\.pdf is not a readable PDF: .*cut off.*web page/);
    expect(describeOpenError(err('PasswordException', 'No password given'), 'c.pdf')).toMatch(/protected by a password/);
    expect(describeOpenError(err('ResponseException', 'Unexpected server response (404)', { status: 404 }), 'd.pdf')).toMatch(/missing from the library folder/);
    expect(describeOpenError(err('ResponseException', 'Unexpected server response (403)', { status: 403 }), 'd.pdf')).toMatch(/not inside the library folder/);
  });

  it('marks search hits in a snippet without ever producing markup', () => {
    expect(snippetParts('…the \u0002tabu\u0003 search and \u0002Tabu\u0003 lists…')).toEqual([
      { text: '…the ', hit: false },
      { text: 'tabu', hit: true },
      { text: ' search and ', hit: false },
      { text: 'Tabu', hit: true },
      { text: ' lists…', hit: false },
    ]);
    expect(snippetParts('<b>no hits</b>')).toEqual([{ text: '<b>no hits</b>', hit: false }]);
    expect(snippetParts('broken \u0002marker')).toEqual([{ text: 'broken marker', hit: false }]);
    // A narrow column keeps the few words before the hit.
    expect(leadIn(snippetParts('…This budget constraint forces a careful allocation of computational effort and \u0002exacerbates\u0003 the challenge'))).toEqual([
      { text: '…effort and ', hit: false },
      { text: 'exacerbates', hit: true },
      { text: ' the challenge', hit: false },
    ]);
  });
});
