/** What to tell the user when a PDF cannot be opened: a sentence they can act on. */
export function describeOpenError(e: unknown, fileName: string): string {
  const err = (e ?? {}) as { name?: string; message?: string; status?: number };
  const name = err.name ?? '';
  const message = err.message ?? String(e);
  if (name === 'PasswordException') return `${fileName} is protected by a password; enter it to read the paper.`;
  if (name === 'InvalidPDFException' && /empty|zero bytes/i.test(message)) {
    return `${fileName} is empty (0 bytes): there is nothing to show. Attach or download the PDF again.`;
  }
  if (name === 'InvalidPDFException') {
    return `${fileName} is not a readable PDF: it may be damaged, cut off, or another kind of file (a web page?) saved as .pdf. Attach or download it again.`;
  }
  if (name === 'ResponseException') {
    if (err.status === 404) return 'The PDF file of this paper is missing from the library folder.';
    if (err.status === 403) return 'Lectern refused to serve this file: it is not inside the library folder.';
    // The core refuses a file that reading its text showed to be a decompression bomb.
    if (err.status === 422) return `${fileName} expands to gigabytes when read (a decompression bomb): Lectern does not open it. Attach or download the paper again from another source.`;
    return `The PDF could not be loaded (the server answered ${err.status ?? 'with an error'}).`;
  }
  if (name === 'ReaderTimeout') return message;
  return `The PDF could not be opened: ${message}`;
}

export class ReaderTimeout extends Error {
  override name = 'ReaderTimeout';
}
