import { expect } from 'vitest';
import { LecternError } from '../../src/shared/errors';

/** Asserts that `fn` refuses its input as a whole: UNREADABLE, saying what and that nothing was imported. Returns the error. */
export function expectUnreadable(fn: () => unknown, ...parts: (string | RegExp)[]): LecternError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LecternError);
    expect((e as LecternError).code).toBe('UNREADABLE');
    expect((e as LecternError).message).toMatch(/Nothing was imported\.$/);
    for (const p of parts) expect((e as LecternError).message).toMatch(p);
    return e as LecternError;
  }
  throw new Error('expected an UNREADABLE LecternError');
}

/** expectUnreadable, for the message alone. */
export function unreadableMessage(fn: () => unknown): string {
  return expectUnreadable(fn).message;
}

/** The LecternError a promise rejects with (any other outcome fails the test). */
export async function rejection(p: Promise<unknown>): Promise<LecternError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof LecternError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}
