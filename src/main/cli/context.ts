import { InvalidArgumentError, type Command } from 'commander';
import type { Api } from '../../shared/contract';
import type { Core, CoreDeps } from '../core/service';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Standard output as is (no newline added): progress bars redraw their line with \r. */
  write: (s: string) => void;
  /** Whether standard output is a terminal (a progress bar) or a pipe/file (plain lines). */
  isTTY: boolean;
  columns: number;
  readStdin: () => Promise<Uint8Array>;
  env: NodeJS.ProcessEnv;
  /** Where the built renderer is, for `serve`. */
  rendererDir: string;
  /** The app's bundled resources (the sample digest). */
  resourcesDir: string;
  /** The built text extraction thread (out/main/fulltext-worker.js). */
  fulltextWorker?: string;
  /** The built facet worker, for `serve` (counts off the main thread). */
  facetsWorkerFile?: string;
  /** The built interest model thread (training and scoring off the main thread). */
  interestWorkerFile?: string;
  /** The built import worker, for `serve` (imports off the main thread). */
  importWorkerFile?: string;
  /** Resolves when the user stops a long-running command (SIGINT/SIGTERM). */
  untilStopped: () => Promise<void>;
}

/** What a command gets: the io, and the library opened on first use (closed by the runner). */
export interface CliContext {
  io: CliIo;
  program: Command;
  /** Opens the library named by --library / LECTERN_LIBRARY / the default, once. */
  open(extra?: Partial<CoreDeps>): { api: Api; core: Core };
  /** The library folder, without opening it. */
  libraryDir(): string;
}

export type RegisterCommand = (ctx: CliContext) => void;

export function parseIntArg(v: string, name: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} takes a whole number.`);
  return Number(v);
}

/** Ends a command with this exit code (and, when given, a last word on standard error). */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message = '',
  ) {
    super(message);
    this.name = 'CliExit';
  }
}
