import type { z } from 'zod';
import type { WireError } from './errors';
import { importMethods, type importPreviewSchema, type importResultSchema } from './methods/import';
import { digestMethods } from './methods/digests';
import { libraryMethods, type listInputSchema } from './methods/library';
import { arxivMethods } from './methods/arxiv';
import { readerMethods } from './methods/reader';
import { exportMethods } from './methods/export';
import { healthMethods } from './methods/health';
import { selectionMethods } from './methods/selection';
import { tagMethods } from './methods/tags';
import { noteMethods } from './methods/notes';
import { viewMethods } from './methods/views';
import { statsMethods } from './methods/stats';
import { triageMethods } from './methods/triage';
import { uiStateMethods } from './methods/ui-state';
import { interestMethods, subscriptionMethods } from './methods/subscriptions';

/**
 * The one contract: every method the library offers, with runtime schemas for its input and
 * output, declared per domain in ./methods. IPC, the HTTP server and the CLI all dispatch through
 * it; the renderer's client is typed from it. Add a method there and every transport carries it.
 */
const domains = [
  libraryMethods, selectionMethods, tagMethods, noteMethods, viewMethods, statsMethods, triageMethods, uiStateMethods,
  importMethods, digestMethods, arxivMethods, readerMethods, exportMethods, healthMethods, subscriptionMethods, interestMethods,
] as const;

export const contract = {
  ...libraryMethods, ...selectionMethods, ...tagMethods, ...noteMethods, ...viewMethods, ...statsMethods, ...triageMethods, ...uiStateMethods,
  ...importMethods, ...digestMethods, ...arxivMethods, ...readerMethods, ...exportMethods, ...healthMethods, ...subscriptionMethods, ...interestMethods,
};

// Two domains declaring one name would silently shadow each other: refuse at start.
{
  const seen = new Set<string>();
  for (const d of domains) {
    for (const name of Object.keys(d)) {
      if (seen.has(name)) throw new Error(`contract: method ${name} is declared twice`);
      seen.add(name);
    }
  }
}

type Contract = typeof contract;
export type MethodName = keyof Contract;
type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export type ImportResult = z.infer<typeof importResultSchema>;
export type ListInput = z.output<typeof listInputSchema>;

/** The implementation side: one function per method. */
export type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };
/** The calling side: what the renderer, tests and other clients hold. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The wire form of a call's outcome, the same on every transport. */
export type WireResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError };
