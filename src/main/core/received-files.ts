import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LecternError } from '../../shared/errors';

/** A file the user handed over: a path they typed, picked or dropped, or the bytes of an upload. */
export interface ReceivedFile {
  /** Where the bytes are now; its base name is the name the user knows it by (messages use it). */
  path: string;
  /** An upload's copy, deleted once used or expired; a user's own file is never deleted. */
  temporary: boolean;
}

export interface ReceivedFiles {
  /** Registers a file and returns the one-use handle a method (attachPdf) takes instead of a path. */
  add(file: { path: string; temporary?: boolean }): string;
  /** The file behind a handle, which is then spent; NOT_FOUND when unknown, spent or expired. */
  take(handle: string): ReceivedFile;
  /** Done with a taken file: an upload's copy is deleted. */
  release(file: ReceivedFile): void;
  /** Forgets everything not yet taken (deleting uploads' copies). */
  close(): void;
}

/** How long a handle waits to be used: an upload is attached at once by the page that sent it. */
const HANDLE_TTL_MS = 10 * 60 * 1000;

/**
 * Files reach the core only through handles issued here, never as a path a method's caller
 * writes: over HTTP a handle stands for bytes the server received (an upload), in the desktop app
 * for a file the user picked or dropped (its path read by the preload from the File object), in
 * the CLI for the path on the command line. A string made up by a page names no file at all.
 */
export function receivedFiles(clock: () => number = Date.now): ReceivedFiles {
  const files = new Map<string, ReceivedFile & { expires: number }>();
  // An upload sits alone in a folder of its own (see server/upload.ts): both go.
  const drop = (f: ReceivedFile) => {
    if (f.temporary) fs.rmSync(path.dirname(f.path), { recursive: true, force: true });
  };
  const sweep = () => {
    const now = clock();
    for (const [h, f] of files) {
      if (f.expires <= now) {
        files.delete(h);
        drop(f);
      }
    }
  };
  return {
    add: ({ path: file, temporary = false }) => {
      sweep();
      const handle = randomBytes(18).toString('base64url');
      files.set(handle, { path: file, temporary, expires: clock() + HANDLE_TTL_MS });
      return handle;
    },
    take: (handle) => {
      sweep();
      const f = files.get(handle);
      if (!f) throw new LecternError('NOT_FOUND', 'No such file was received (or it was already used, or it waited more than 10 minutes): send the file again.');
      files.delete(handle);
      return { path: f.path, temporary: f.temporary };
    },
    release: drop,
    close: () => {
      for (const f of files.values()) drop(f);
      files.clear();
    },
  };
}
