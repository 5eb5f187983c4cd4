/** What the first and last bytes of a file say about it being a PDF. */
export interface PdfCheck {
  ok: boolean;
  /** Why it is not a PDF, in words a user understands (when !ok). */
  reason?: string;
  /** Accepted, but the user should know (e.g. it looks cut off). */
  warnings: string[];
}

/**
 * PDF readers accept the `%PDF-` header anywhere in the first 1024 bytes, and the file ends
 * with `%%EOF` (followed by at most some whitespace or junk) unless it was cut off.
 */
export function checkPdfBytes(head: Uint8Array, tail: Uint8Array, size: number): PdfCheck {
  if (size === 0) return { ok: false, reason: 'the file is empty (0 bytes)', warnings: [] };
  const start = latin1(head.subarray(0, 1024));
  // A web page saved as .pdf may quote "%PDF-" a little way in (a link, a script): what it starts
  // as decides, before the header is looked for.
  const lead = start.replace(/^(\uFEFF|\xEF\xBB\xBF)/, '').trimStart().slice(0, 200).toLowerCase();
  if (/^<(!doctype html|html|head|body|\?xml)/.test(lead) || /^<[^%]{0,150}<html[\s>]/.test(lead)) {
    return { ok: false, reason: 'it is an HTML page, not a PDF (perhaps a login, captcha or error page saved in its place)', warnings: [] };
  }
  if (!start.includes('%PDF-')) {
    const shown = start.slice(0, 24).replace(/[^\x20-\x7e]/g, '.');
    return { ok: false, reason: `it does not start like a PDF (no "%PDF-" header; it starts with "${shown}")`, warnings: [] };
  }
  const warnings: string[] = [];
  if (!latin1(tail.subarray(Math.max(0, tail.length - 1024))).includes('%%EOF')) {
    warnings.push('The file does not end with %%EOF: it looks cut off, and some pages may be missing or blank.');
  }
  return { ok: true, warnings };
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}
