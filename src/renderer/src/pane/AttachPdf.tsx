import { useState } from 'react';
import { api } from '../api';

/**
 * "Attach a PDF": for a paper with no open copy, the user points at a file they have (a path on
 * this computer; the library copies it in and checks that it is a PDF).
 */
export function AttachPdf({ paperId, onChanged }: { paperId: number; onChanged: (m: string) => void }) {
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        Attach a PDF…
      </button>
    );
  }
  const attach = () =>
    api
      .attachPdf({ ref: String(paperId), path: path.trim() })
      .then((r) => {
        setOpen(false);
        setPath('');
        setError(null);
        onChanged(`PDF attached (${Math.round(r.bytes / 1024)} KB).${r.warnings.length ? ` ${r.warnings.join(' ')}` : ''}`);
      })
      .catch((e: Error) => setError(e.message));
  return (
    <form
      className="attach-pdf"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim()) void attach();
      }}
    >
      <label>
        Path of a PDF on this computer
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/Downloads/paper.pdf" autoFocus />
      </label>
      <div className="pdf-actions">
        <button type="submit" disabled={!path.trim()}>
          Attach
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
