import { contract, isMethodName, type Handlers, type WireResult } from '../../shared/contract';
import { LecternError } from '../../shared/errors';
import type { Logger } from './logger';

/**
 * The one place a call from any transport enters the core: the method is checked, the input
 * validated against the contract, the handler run, and the outcome (value or error) turned into
 * the wire form. Slow calls are logged with their name and duration.
 */
export async function dispatch(handlers: Handlers, method: unknown, input: unknown, logger?: Logger): Promise<WireResult> {
  const started = performance.now();
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'BAD_INPUT', message: `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.` } };
  }
  try {
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new LecternError('BAD_INPUT', `Invalid input for ${method}${at}: ${issue?.message ?? 'rejected'}.`);
    }
    const handler = handlers[method] as (i: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof LecternError) return { ok: false, error: e.toWire() };
    if (e instanceof Error && /SQLITE_BUSY/.test(e.message)) {
      return { ok: false, error: { code: 'LIBRARY_BUSY', message: 'The library is busy with another process; try again in a moment.' } };
    }
    logger?.error(`${method} failed`, e);
    return { ok: false, error: { code: 'INTERNAL', message: `Internal error in ${method}: ${e instanceof Error ? e.message : String(e)}` } };
  } finally {
    const ms = performance.now() - started;
    if (ms > 200) logger?.warn(`slow call ${method}: ${ms.toFixed(0)} ms`);
  }
}
