import { useEffect, useRef, useState } from 'react';
import type { Digest } from '../../../shared/model';
import { EXPORT_FORMATS, type ExportFormatId } from '../../../shared/methods/export';
import { isEmptyQuery, type LibraryQuery } from '../../../shared/query';
import { api } from '../api';
import { downloadText } from './download';

const HINTS: Record<ExportFormatId, string> = {
  bibtex: 'for LaTeX; stable citation keys',
  ris: 'for Zotero, EndNote, Mendeley',
  'csl-json': 'for Pandoc, Zotero, citation processors',
  csv: 'for a spreadsheet',
  markdown: 'a list to read, grouped by status',
};

type Scope = 'view' | 'library' | 'digest';

interface Props {
  query: LibraryQuery;
  /** Papers in the current view. */
  viewCount: number;
  onClose: () => void;
  onExported: (message: string) => void;
}

/** The view in words: the filters a user sets most, then how many others. */
function describeView(q: LibraryQuery): string {
  const parts: string[] = [];
  const statuses = q.statuses ?? [];
  if (statuses.length) parts.push(statuses.join(' or '));
  const digests = q.digestIds?.length ?? 0;
  if (digests) parts.push(digests === 1 ? 'in the chosen digest' : `in ${digests} digests`);
  const pdf = q.pdfStates ?? [];
  if (pdf.length) parts.push(`PDF ${pdf.join(' or ')}`);
  if (q.search?.trim()) parts.push(`matching “${q.search.trim()}”`);
  const named = new Set(['statuses', 'digestIds', 'pdfStates', 'search', 'sort', 'desc']);
  const others = Object.entries(q).filter(([k, v]) => !named.has(k) && v != null && v !== '' && v !== false && !(Array.isArray(v) && v.length === 0)).length;
  if (others) parts.push(`${others} more filter${others === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'all papers';
}

/** Choose a format and what to export (this view, the library, a digest); the file downloads. */
export function ExportDialog({ query, viewCount, onClose, onExported }: Props) {
  const filtered = !isEmptyQuery(query);
  const [format, setFormat] = useState<ExportFormatId>('bibtex');
  const [scope, setScope] = useState<Scope>(filtered ? 'view' : 'library');
  const [digests, setDigests] = useState<Digest[]>([]);
  const [digestId, setDigestId] = useState<number | null>(null);
  const [libraryCount, setLibraryCount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api.listDigests({}).then((d) => {
      setDigests(d);
      setDigestId((cur) => cur ?? d[0]?.id ?? null);
    }, () => {});
    api.libraryInfo({}).then((i) => setLibraryCount(i.papers), () => {});
    dialogRef.current?.querySelector<HTMLElement>('input[type=radio]:checked')?.focus();
  }, []);

  const digest = digests.find((d) => d.id === digestId) ?? null;
  const count = scope === 'view' ? viewCount : scope === 'library' ? libraryCount : (digest?.paperCount ?? 0);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const filter =
        scope === 'view' ? { ...query, search: query.search || null } : scope === 'digest' ? { digestIds: digestId === null ? null : [digestId] } : {};
      const r = await api.exportPapers({ format, ...filter });
      downloadText(r.text, r.fileName, r.mimeType);
      onExported(`Exported ${r.count} paper${r.count === 1 ? '' : 's'} to ${r.fileName}.`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal export" role="dialog" aria-modal="true" aria-labelledby="export-title" ref={dialogRef}>
        <h2 id="export-title">Export papers</h2>
        <fieldset>
          <legend>Format</legend>
          {EXPORT_FORMATS.map((f) => (
            <label key={f.id} className="choice">
              <input type="radio" name="format" value={f.id} checked={format === f.id} onChange={() => setFormat(f.id)} />
              <span>{f.label}</span> <span className="note">.{f.extension} — {HINTS[f.id]}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Papers</legend>
          <label className="choice">
            <input type="radio" name="scope" value="view" checked={scope === 'view'} onChange={() => setScope('view')} />
            <span>This view: {describeView(query)}</span> <span className="note">({viewCount}, in the table’s order)</span>
          </label>
          <label className="choice">
            <input type="radio" name="scope" value="library" checked={scope === 'library'} onChange={() => setScope('library')} />
            <span>The whole library</span> <span className="note">{libraryCount === null ? '' : `(${libraryCount})`}</span>
          </label>
          <label className="choice">
            <input type="radio" name="scope" value="digest" checked={scope === 'digest'} disabled={digests.length === 0} onChange={() => setScope('digest')} />
            <span>One digest:</span>
          </label>
          <select aria-label="Digest" value={digestId ?? ''} disabled={digests.length === 0} onChange={(e) => (setDigestId(Number(e.target.value)), setScope('digest'))}>
            {digests.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.paperCount})
              </option>
            ))}
          </select>
        </fieldset>
        {error && (
          <div role="alert" className="error">
            <p>{error}</p>
          </div>
        )}
        <div className="actions">
          <span className="spacer" />
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" className="primary" disabled={busy || count === 0 || count === null} onClick={run}>
            {busy ? 'Exporting…' : `Export ${count ?? ''} paper${count === 1 ? '' : 's'}`}
          </button>
        </div>
      </div>
    </div>
  );
}
