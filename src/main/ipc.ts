import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Handlers, WireResult } from '../shared/contract';
import { dispatch } from './core/dispatch';
import type { Logger } from './core/logger';

export const IPC_CHANNEL = 'lectern:call';

/**
 * Binds the whole contract to one IPC channel. Calls are accepted only from the app's own page
 * (the main frame of a window we loaded); the input is validated by dispatch against the contract.
 */
export function registerIpc(ipcMain: IpcMain, handlers: Handlers, isTrustedUrl: (url: string) => boolean, logger?: Logger): void {
  ipcMain.handle(IPC_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<WireResult> => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
      logger?.warn(`refused IPC call from ${frame?.url ?? 'an unknown frame'}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Lectern window.' } };
    }
    return dispatch(handlers, method, input, logger);
  });
}
