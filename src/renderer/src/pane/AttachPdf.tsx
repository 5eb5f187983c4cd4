import { useRef, useState } from 'react';
import { api, sendFile } from '../api';

function size(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * "Attach a PDF…": a file the user picks becomes the paper's PDF. The file goes to Lectern as
 * itself — uploaded bytes in a browser, a picked file in the desktop app — never as a path typed
 * anywhere. `onDone` gets the sentence to show (what was attached, or why not).
 */
export function AttachPdf({ paperId, label = 'Attach a PDF…', onDone }: { paperId: number; label?: string; onDone: (message: string, attached: boolean) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const attach = async (file: File) => {
    setBusy(true);
    try {
      const r = await api.attachPdf({ ref: String(paperId), file: await sendFile(file) });
      onDone([`${r.replaced ? 'Replaced the PDF with' : 'Attached'} ${file.name} (${size(r.bytes)}).`, ...r.warnings].join(' '), true);
    } catch (e) {
      onDone((e as Error).message, false);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? 'Attaching…' : label}
      </button>
      <input
        ref={input}
        type="file"
        accept="application/pdf,.pdf"
        hidden
        aria-label="PDF file to attach"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void attach(f);
        }}
      />
    </>
  );
}
