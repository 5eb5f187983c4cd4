import { useEffect, useState } from 'react';
import type { Digest } from '../../../shared/model';
import { api } from '../api';

interface Props {
  revision: number;
  selected: number | null;
  onSelect: (id: number | null) => void;
  onChanged: (message: string) => void;
}

/** The digests in the library, newest first: pick one to see only its papers, or delete it. */
export function DigestList({ revision, selected, onSelect, onChanged }: Props) {
  const [digests, setDigests] = useState<Digest[]>([]);
  const [confirm, setConfirm] = useState<{ digest: Digest; removed: number; kept: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.listDigests({}).then(setDigests).catch((e: Error) => setError(e.message));
  }, [revision]);

  const askDelete = async (d: Digest) => {
    try {
      const r = await api.deleteDigest({ id: d.id, dryRun: true });
      setConfirm({ digest: d, removed: r.removedPapers, kept: r.keptPapers });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const doDelete = async () => {
    if (!confirm) return;
    try {
      const r = await api.deleteDigest({ id: confirm.digest.id });
      if (selected === confirm.digest.id) onSelect(null);
      onChanged(`Deleted “${r.name}”: ${r.removedPapers} papers removed, ${r.keptPapers} kept (other digests have them).`);
    } catch (e) {
      setError((e as Error).message);
    }
    setConfirm(null);
  };

  return (
    <nav className="digests" aria-label="Digests">
      <h2>Digests</h2>
      {error && <p role="alert" className="error">{error}</p>}
      <ul>
        <li>
          <button type="button" className="digest-item" aria-current={selected === null} onClick={() => onSelect(null)}>
            <span className="digest-name">All papers</span>
          </button>
        </li>
        {digests.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              className="digest-item"
              aria-current={selected === d.id}
              onClick={() => onSelect(d.id)}
              title={`${d.name} · ${d.format}${d.sourceName ? ` · from ${d.sourceName}` : ''} · imported ${d.importedAt.slice(0, 10)}`}
            >
              <span className="digest-name">{d.name}</span>
              <span className="digest-meta">
                {d.date ?? d.importedAt.slice(0, 10)} · {d.format} · {d.paperCount} papers · {d.unreadCount} unread
              </span>
            </button>
            <button type="button" className="digest-delete" aria-label={`Delete digest ${d.name}`} title="Delete this digest" onClick={() => askDelete(d)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      {confirm && (
        <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && setConfirm(null)}>
          <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="delete-digest-title">
            <h2 id="delete-digest-title">Delete “{confirm.digest.name}”?</h2>
            <p>
              {confirm.removed} paper{confirm.removed === 1 ? '' : 's'} came only from this digest and will be removed, with their status.{' '}
              {confirm.kept} paper{confirm.kept === 1 ? '' : 's'} also came from other digests and will stay as they are.
            </p>
            <div className="actions">
              <span className="spacer" />
              <button type="button" autoFocus onClick={() => setConfirm(null)}>Cancel</button>
              <button type="button" className="danger" onClick={doDelete}>Delete digest</button>
            </div>
          </div>
        </div>
      )}
    </nav>
  );
}
