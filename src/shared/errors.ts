/** Error codes a caller can act on. They cross every transport as plain data. */
export const ERROR_CODES = [
  'BAD_INPUT', // the caller sent something the contract refuses
  'UNREADABLE', // an import's text could not be understood
  'NOT_FOUND',
  'CONFLICT',
  'LIBRARY_TOO_NEW', // the library was written by a newer Lectern
  'LIBRARY_BUSY',
  'LIBRARY_DAMAGED', // the database file is damaged (see `lectern doctor`)
  'NETWORK',
  'FORBIDDEN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Where the problem is, when known (file, line, entry). */
  where?: string;
}

export class LecternError extends Error {
  readonly code: ErrorCode;
  readonly where?: string;
  constructor(code: ErrorCode, message: string, where?: string) {
    super(message);
    this.name = 'LecternError';
    this.code = code;
    this.where = where;
  }
  toWire(): WireError {
    return this.where ? { code: this.code, message: this.message, where: this.where } : { code: this.code, message: this.message };
  }
  static fromWire(e: WireError): LecternError {
    return new LecternError(e.code, e.message, e.where);
  }
}

export function isLecternError(e: unknown): e is LecternError {
  return e instanceof LecternError;
}
