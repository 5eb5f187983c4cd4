import { LecternError } from './errors';
import { METHOD_NAMES, type Api, type MethodName, type WireResult } from './contract';

/** Carries one call over some transport and returns its wire result. */
export type Transport = (method: MethodName, input: unknown) => Promise<WireResult>;

/** Builds the typed API from a transport; failures come back as LecternError. */
export function makeApi(transport: Transport): Api {
  const api = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const method of METHOD_NAMES) {
    api[method] = async (input: unknown) => {
      const result = await transport(method, input ?? {});
      if (result.ok) return result.value;
      throw LecternError.fromWire(result.error);
    };
  }
  return api as unknown as Api;
}
