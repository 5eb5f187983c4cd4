import fs from 'node:fs';
import path from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Handlers, WireResult } from '../shared/contract';
import { dispatch } from './core/dispatch';
import type { Logger } from './core/logger';
import type { ReceivedFiles } from './core/received-files';

export const IPC_CHANNEL = 'lectern:call';
/** A file the user picked or dropped, by the path the preload read from its File object. */
export const FILE_CHANNEL = 'lectern:file';

const REFUSED: WireResult = { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Lectern window.' } };

/**
 * Binds the whole contract to one IPC channel, and received files to another. Calls are accepted
 * only from the app's own page (the main frame of a window we loaded); the input is validated by
 * dispatch against the contract.
 */
export function registerIpc(ipcMain: IpcMain, core: { handlers: Handlers; received: ReceivedFiles }, isTrustedUrl: (url: string) => boolean, logger?: Logger): void {
  const trusted = (event: IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    if (frame && frame.parent === null && isTrustedUrl(frame.url)) return true;
    logger?.warn(`refused IPC call from ${frame?.url ?? 'an unknown frame'}`);
    return false;
  };
  ipcMain.handle(IPC_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<WireResult> => {
    if (!trusted(event)) return REFUSED;
    return dispatch(core.handlers, method, input, logger);
  });
  ipcMain.handle(FILE_CHANNEL, (event: IpcMainInvokeEvent, file: unknown): WireResult => {
    if (!trusted(event)) return REFUSED;
    if (typeof file !== 'string' || file.length > 4096 || !path.isAbsolute(file)) return { ok: false, error: { code: 'BAD_INPUT', message: 'Not a file from your disk.' } };
    try {
      if (!fs.statSync(file).isFile()) return { ok: false, error: { code: 'BAD_INPUT', message: `${path.basename(file)} is not a file.` } };
    } catch {
      return { ok: false, error: { code: 'NOT_FOUND', message: `${path.basename(file)} cannot be read.` } };
    }
    return { ok: true, value: { file: core.received.add({ path: file }) } };
  });
}
