/**
 * What an importer produces from a digest's text: plain data, before it meets the library.
 * Importers are pure functions text -> ParsedDigest; they never touch the database.
 */
export interface ParsedEntry {
  /** 1-based line in the input where the entry starts (for messages). */
  line: number;
  title: string;
  abstract?: string | null;
  authors?: string[] | null;
  authorCount?: number | null;
  /** YYYY-MM-DD */
  published?: string | null;
  /** Upvotes in this digest. */
  upvotes?: number | null;
  /** Without version, e.g. 2507.12950 or hep-th/9901001. */
  arxivId?: string | null;
  arxivVersion?: number | null;
  /** Lower-cased, without https://doi.org/ */
  doi?: string | null;
  links?: string[];
  categories?: string[] | null;
}

export interface ParsedProblem {
  line: number;
  /** A short quote of the entry, so the user can find it. */
  entry?: string;
  reason: string;
}

export interface ParsedDigest {
  format: string;
  /** A name for the digest, when the input says one. */
  name?: string | null;
  /** YYYY-MM-DD */
  date?: string | null;
  /** How the date was found, when it was inferred (shown in the preview). */
  dateNote?: string | null;
  entries: ParsedEntry[];
  problems: ParsedProblem[];
}

export interface ParseContext {
  fileName?: string | null;
  /** The import time; importers infer missing years from it. */
  now: Date;
}

export interface DigestFormat {
  id: string;
  label: string;
  /** 0 = not this format, 1 = certainly this format. Cheap: looks at the start of the text. */
  detect(text: string, fileName?: string | null): number;
  /** Throws LecternError('UNREADABLE', ...) when the whole input is unusable. */
  parse(text: string, ctx: ParseContext): ParsedDigest;
}
