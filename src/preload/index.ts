import { contextBridge, ipcRenderer, webUtils } from 'electron';

// The renderer gets two functions and nothing else: call(method, input) over one channel, and
// fileHandle(file), which turns a File the user picked or dropped into a handle for attachPdf.
// The main process checks the method and validates the input against the contract.
contextBridge.exposeInMainWorld('lectern', {
  call: (method: string, input: unknown) => {
    if (typeof method !== 'string') return Promise.reject(new Error('method must be a string'));
    return ipcRenderer.invoke('lectern:call', method, input);
  },
  // The path is read here from the File object (a file the user picked or dropped); the page never
  // supplies one, and a File the page made itself has none.
  fileHandle: (file: File) => {
    let found = '';
    try {
      found = webUtils.getPathForFile(file);
    } catch {}
    if (!found) return Promise.resolve({ ok: false, error: { code: 'BAD_INPUT', message: 'Only a file picked or dropped from your disk can be attached.' } });
    return ipcRenderer.invoke('lectern:file', found);
  },
});
