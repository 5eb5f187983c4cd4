import zlib from 'node:zlib';

/**
 * The limit every decoded stream of a PDF is held to while its text is read, and what tells the
 * extraction that a stream went past it. Two decoders fill memory in the extraction process:
 * SyncDecompressionStream below (pdf.js's path for Flate data) and pdf.js's own decoders (its
 * fallback for damaged Flate data, and every other filter), whose buffers grow in one method
 * that pdfjs-bounded.ts puts under the same limit. pdf.js swallows many errors (a page with a
 * broken stream is drawn without it), so passing the limit is recorded here as well as thrown.
 */
export const MAX_STREAM_BYTES = 128 * 1024 * 1024;

let overflow = 0;

function recordOverflow(requested: number): void {
  overflow = Math.max(overflow, requested);
}

/** Called when a stream would grow past the limit: remembered for the file being read, then thrown. */
export function streamOverflow(requested: number): never {
  recordOverflow(requested);
  throw new RangeError(`A stream of this PDF expands to more than ${MAX_STREAM_BYTES / 1048576} MB.`);
}

/** Whether a stream of the file being read passed the limit (and forgets it: one file at a time). */
export function takeStreamOverflow(): boolean {
  const seen = overflow > 0;
  overflow = 0;
  return seen;
}

/**
 * A DecompressionStream that inflates in one synchronous zlib call, for the text extraction
 * process. pdf.js sends every Flate stream of a PDF (each page's content, each object stream)
 * through `new DecompressionStream('deflate')` when there is one; Node's goes through the libuv
 * thread pool and two layers of stream adapters for what is mostly a few kilobytes, which cost
 * more than the inflating itself. Damaged data fails as with Node's, and pdf.js then falls back
 * to its own decoder, which is lenient with damaged streams (and bounded, see above). Data that
 * would inflate past the limit gives no bytes at all instead: failing would send it to that
 * fallback, which would inflate the bomb a second time before meeting the same limit.
 */
export class SyncDecompressionStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;

  constructor(format: 'deflate' | 'deflate-raw' | 'gzip' | 'brotli', maxBytes = MAX_STREAM_BYTES) {
    const inflate = { deflate: zlib.inflateSync, 'deflate-raw': zlib.inflateRawSync, gzip: zlib.gunzipSync, brotli: zlib.brotliDecompressSync }[format];
    const chunks: Uint8Array[] = [];
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk) {
        chunks.push(chunk);
      },
      flush(controller) {
        const input = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        let out: Buffer;
        try {
          out = inflate(input, { maxOutputLength: maxBytes });
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw e;
          recordOverflow(maxBytes + 1);
          return; // no bytes: the page is read without this stream, and the file is failed
        }
        controller.enqueue(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      },
    });
    this.readable = readable;
    this.writable = writable;
  }
}

/** Puts SyncDecompressionStream in place of the global one, in this process (the extraction process only). */
export function useSyncInflate(): void {
  (globalThis as { DecompressionStream?: unknown }).DecompressionStream = SyncDecompressionStream;
}
