import zlib from 'node:zlib';

/**
 * A DecompressionStream that inflates in one synchronous zlib call, for the text extraction
 * thread. pdf.js sends every Flate stream of a PDF (each page's content, each object stream)
 * through `new DecompressionStream('deflate')` when there is one; Node's goes through the libuv
 * thread pool and two layers of stream adapters for what is mostly a few kilobytes, which cost
 * more than the inflating itself. Errors behave as with Node's (the write or the read fails), and
 * pdf.js then falls back to its own decoder, which is lenient with damaged streams.
 */
export class SyncDecompressionStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;

  constructor(format: 'deflate' | 'deflate-raw' | 'gzip', maxBytes = MAX_INFLATED_BYTES) {
    const inflate = format === 'deflate' ? zlib.inflateSync : format === 'deflate-raw' ? zlib.inflateRawSync : zlib.gunzipSync;
    const chunks: Uint8Array[] = [];
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk) {
        chunks.push(chunk);
      },
      flush(controller) {
        const input = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        // A bomb (a few KB inflating to gigabytes) fails here rather than filling the thread's heap.
        const out = inflate(input, { maxOutputLength: maxBytes });
        controller.enqueue(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
      },
    });
    this.readable = readable;
    this.writable = writable;
  }
}

export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** Puts SyncDecompressionStream in place of the global one, in this thread (the extraction thread only). */
export function useSyncInflate(): void {
  (globalThis as { DecompressionStream?: unknown }).DecompressionStream = SyncDecompressionStream;
}
