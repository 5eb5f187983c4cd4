import { useEffect, useRef, useState } from 'react';
import type { ImportPreview } from '../../../shared/contract';
import type { LecternError } from '../../../shared/errors';
import { MAX_IMPORT_BYTES, TOO_LARGE_TO_IMPORT } from '../../../shared/methods/import';
import { api } from '../api';

export interface ImportSource {
  text: string;
  fileName: string | null;
  /** Why this file is not even read (too large); shown instead of a preview. */
  refused?: string;
}

interface Props {
  initial: ImportSource | null;
  onClose: () => void;
  onImported: (message: string) => void;
}

/**
 * Paste or open a digest, see what it holds (new / already in the library / unreadable, with
 * reasons), then confirm. Nothing is written before the confirmation.
 */
export function ImportDialog({ initial, onClose, onImported }: Props) {
  const [source, setSource] = useState<ImportSource | null>(initial);
  const [pasted, setPasted] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!source) return;
    let live = true;
    setBusy(true);
    setError(null);
    setPreview(null);
    if (source.refused) {
      setError(source.refused);
      setBusy(false);
      return;
    }
    api
      .previewImport({ text: source.text, fileName: source.fileName })
      .then((p) => live && setPreview(p))
      .catch((e: Error) => live && setError(e.message))
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [source]);

  useEffect(() => dialogRef.current?.querySelector<HTMLElement>('textarea, button.primary')?.focus(), [preview]);

  const commit = async () => {
    if (!source || !preview) return;
    setBusy(true);
    try {
      // The server kept the plan it showed: the text is not sent, nor parsed, a second time. Only
      // if that plan is gone (a restart, half an hour) is the text sent again.
      const r = await api.commitImport({ plan: preview.planKey }).catch((e: LecternError) => {
        if (e.code === 'NOT_FOUND') return api.commitImport({ text: source.text, fileName: source.fileName });
        throw e;
      });
      onImported(`Imported “${r.name}”: ${r.added} new, ${r.merged} already in the library.`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="import-title" ref={dialogRef}>
        <h2 id="import-title">Import a digest</h2>
        {!source && (
          <>
            <p>Paste a digest (a Daily Papers page, an arXiv listing, BibTeX, a list of links…), or open a file.</p>
            <label className="field">
              <span>Digest text</span>
              <textarea value={pasted} onChange={(e) => setPasted(e.target.value)} rows={10} aria-label="Digest text" />
            </label>
            <div className="actions">
              <button type="button" onClick={() => fileRef.current?.click()}>Open file…</button>
              <input ref={fileRef} type="file" hidden aria-label="Digest file" onChange={async (e) => {
                const f = e.target.files?.[0];
                if (f) setSource(await readFile(f));
              }} />
              <span className="spacer" />
              <button type="button" onClick={onClose}>Cancel</button>
              <button type="button" className="primary" disabled={!pasted.trim()} onClick={() => setSource({ text: pasted, fileName: null })}>
                Preview
              </button>
            </div>
          </>
        )}
        {source && busy && !preview && <p role="status">Reading {source.fileName ?? 'the pasted text'}…</p>}
        {error && (
          <div role="alert" className="error">
            <p>{error}</p>
          </div>
        )}
        {preview && <PreviewSummary preview={preview} />}
        {source && (
          <div className="actions">
            <button type="button" onClick={() => (setSource(null), setPreview(null), setError(null))}>Back</button>
            <span className="spacer" />
            <button type="button" onClick={onClose}>Cancel</button>
            <button type="button" className="primary" disabled={!preview || busy || preview.found === 0} onClick={commit}>
              Import {preview ? `${preview.found} paper${preview.found === 1 ? '' : 's'}` : ''}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function PreviewSummary({ preview }: { preview: ImportPreview }) {
  return (
    <div className="preview">
      <p className="preview-name">
        <strong>{preview.name}</strong> · {preview.formatLabel}
        {preview.date ? ` · ${preview.date}` : ''}
      </p>
      <p role="status" className="preview-counts">
        {preview.found} found · {preview.new} new · {preview.existing} already in the library · {preview.unreadable.length} unreadable
      </p>
      {preview.alreadyImported && (
        <p className="note">
          This exact digest was imported on {preview.alreadyImported.importedAt.slice(0, 10)} as “{preview.alreadyImported.name}”; importing it again changes nothing.
        </p>
      )}
      {preview.dateNote && <p className="note">{preview.dateNote}</p>}
      {preview.unreadable.length > 0 && (
        <ul className="problems" aria-label="Unreadable entries">
          {preview.unreadable.map((u, i) => (
            <li key={i}>
              Line {u.line}: {u.reason}
              {u.entry ? ` — “${u.entry}”` : ''}
            </li>
          ))}
        </ul>
      )}
      <ol className="preview-list" aria-label="Papers found">
        {preview.entries.slice(0, 500).map((e, i) => (
          <li key={i} className={e.state}>
            <span className="badge">{e.state === 'new' ? 'new' : 'in library'}</span> {e.title}
            {e.state === 'existing' && (
              <span className="note">
                {' '}
                — already paper #{e.paperId}, matched by {e.matchedBy === 'arxiv' ? 'arXiv id' : e.matchedBy === 'doi' ? 'DOI' : 'title'}
              </span>
            )}
          </li>
        ))}
      </ol>
      {preview.entries.length > 500 && <p className="note">… and {preview.entries.length - 500} more.</p>}
    </div>
  );
}

export async function readFile(f: File): Promise<ImportSource> {
  // Refused before it is read or sent: the one limit, in the same words as everywhere.
  if (f.size > MAX_IMPORT_BYTES) return { text: '', fileName: f.name, refused: `${f.name} is ${TOO_LARGE_TO_IMPORT}. Nothing was imported.` };
  const { decodeBytes } = await import('../../../shared/decode');
  return { text: decodeBytes(new Uint8Array(await f.arrayBuffer())), fileName: f.name };
}
