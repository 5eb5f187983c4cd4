import { LecternError } from '../../../shared/errors';
import type { DigestFormat } from '../../../shared/parsed';
import { FORMATS } from './formats';

export function formatById(id: string): DigestFormat {
  const f = FORMATS.find((x) => x.id === id);
  if (!f) throw new LecternError('BAD_INPUT', `Unknown format "${id}". Known formats: ${FORMATS.map((x) => x.id).join(', ')}.`);
  return f;
}

/** The format this text is in, or a clear refusal. */
export function detectFormat(text: string, fileName: string | null, where: string): DigestFormat {
  let best: DigestFormat | null = null;
  let bestScore = 0;
  for (const f of FORMATS) {
    const score = f.detect(text, fileName);
    if (score > bestScore) [best, bestScore] = [f, score];
  }
  if (!best || bestScore < 0.2) {
    throw new LecternError(
      'UNREADABLE',
      `${where}: not a digest Lectern can read (looked for: ${FORMATS.map((f) => f.label).join('; ')}). Nothing was imported.`,
      where,
    );
  }
  return best;
}

/** Refuses empty and binary input before any parser sees it. */
export function assertReadableText(text: string, where: string): void {
  if (text.trim() === '') throw new LecternError('UNREADABLE', `${where} is empty. Nothing was imported.`, where);
  const sample = text.slice(0, 65536);
  let control = 0;
  for (let k = 0; k < sample.length; k++) {
    const c = sample.charCodeAt(k);
    if (c === 0) {
      throw new LecternError('UNREADABLE', `${where} is binary data, not text (a NUL byte at character ${k + 1}). Nothing was imported.`, where);
    }
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  if (control > 16 && control / sample.length > 0.02) {
    throw new LecternError('UNREADABLE', `${where} does not look like text (${control} control or undecodable characters in its first ${sample.length}). Nothing was imported.`, where);
  }
}
