import { contextBridge, ipcRenderer } from 'electron';

// The renderer gets one function and nothing else: call(method, input) over one channel.
// The main process checks the method and validates the input against the contract.
contextBridge.exposeInMainWorld('lectern', {
  call: (method: string, input: unknown) => {
    if (typeof method !== 'string') return Promise.reject(new Error('method must be a string'));
    return ipcRenderer.invoke('lectern:call', method, input);
  },
});
