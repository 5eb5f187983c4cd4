import zlib from 'node:zlib';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { doubleDeflateBomb, fallbackBomb, repeatedDeflate, spacesBomb } from '../helpers/hostile-pdfs';
import { extractPdfText } from '../../src/main/core/fulltext/extract';
import { SyncDecompressionStream, takeStreamOverflow } from '../../src/main/core/fulltext/inflate';

async function inflateWith(stream: SyncDecompressionStream, data: Uint8Array): Promise<Buffer> {
  const writer = stream.writable.getWriter();
  void writer.write(data).then(() => writer.close()).catch(() => {});
  const chunks: Uint8Array[] = [];
  for await (const c of stream.readable) chunks.push(c);
  return Buffer.concat(chunks);
}

/** One page whose content stream is Flate data with its checksum cut off (zlib refuses it, pdf.js's own decoder does not). */
async function pdfWithDamagedStream(words: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('x', { font, size: 12 }); // gives the page its font resource
  const key = page.node.Resources()!.lookup(PDFName.of('Font'))!.toString().match(/\/(\S+)/)![1]!;
  const content = Buffer.from(`BT /${key} 12 Tf 72 700 Td (${words}) Tj ET`, 'latin1');
  const damaged = zlib.deflateSync(content).subarray(0, -4);
  const raw = doc.context.stream(damaged, { Filter: 'FlateDecode' });
  page.node.set(PDFName.of('Contents'), doc.context.register(raw));
  return doc.save({ useObjectStreams: false });
}

describe('inflating in the extraction thread', () => {
  const text = Buffer.from('BT /F1 12 Tf (a page of text) Tj ET\n'.repeat(500));

  it('gives the same bytes as zlib for each format pdf.js asks for', async () => {
    expect(await inflateWith(new SyncDecompressionStream('deflate'), zlib.deflateSync(text))).toEqual(text);
    expect(await inflateWith(new SyncDecompressionStream('deflate-raw'), zlib.deflateRawSync(text))).toEqual(text);
    expect(await inflateWith(new SyncDecompressionStream('gzip'), zlib.gzipSync(text))).toEqual(text);
  });

  it('fails on damaged data, as pdf.js expects of a DecompressionStream (it then tries its own decoder)', async () => {
    const broken = zlib.deflateSync(text).subarray(0, 40);
    await expect(inflateWith(new SyncDecompressionStream('deflate'), broken)).rejects.toThrow();
    expect(takeStreamOverflow()).toBe(false);
  });

  it('gives nothing for data that would inflate past its limit, and records it: no fallback decoder inflates it again', async () => {
    expect(await inflateWith(new SyncDecompressionStream('deflate', 1000), zlib.deflateSync(text))).toEqual(Buffer.alloc(0));
    expect(takeStreamOverflow()).toBe(true);
    expect(takeStreamOverflow()).toBe(false); // one file at a time
  });

  it('a damaged content stream still gives its text (pdf.js falls back to its own, lenient decoder)', async () => {
    const r = await extractPdfText(await pdfWithDamagedStream('Recovered despite a damaged stream'));
    expect(r).toMatchObject({ ok: true, pageCount: 1 });
    expect(r.ok && r.pages[0]).toContain('Recovered despite a damaged stream');
  });

  it('a bomb ends as one, whichever decoder meets it: ours, or the one pdf.js falls back to when zlib refuses the data', async () => {
    const bomb = { ok: false, code: 'TOO_LARGE', message: 'The PDF expands to more than 128 MB in one of its streams; its text was not read.' };
    // zlib refuses the fallback bomb's header at once (pdf.js's own decoder does not check it).
    expect(() => zlib.inflateSync(repeatedDeflate('', Buffer.from('x'), 1, '', [0x88, 0x1c]))).toThrow(/window size/);
    for (const pdf of [spacesBomb(), doubleDeflateBomb(), fallbackBomb()]) {
      const t0 = performance.now();
      expect(await extractPdfText(new Uint8Array(pdf))).toEqual(bomb);
      expect(performance.now() - t0).toBeLessThan(20_000);
    }
    // The next file is read as usual.
    const r = await extractPdfText(await pdfWithDamagedStream('After the bombs'));
    expect(r.ok && r.pages[0]).toContain('After the bombs');
  }, 60_000);
});
