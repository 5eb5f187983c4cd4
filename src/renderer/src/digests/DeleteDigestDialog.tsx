import { useEffect, useState } from 'react';
import { api } from '../api';

interface Props {
  digest: { id: number; name: string };
  onClose: () => void;
  /** The digest is gone: what to tell the user. */
  onDeleted: (message: string) => void;
}

/**
 * Deleting a digest: a dry run first says how many papers go (those no other digest brought) and
 * how many stay; nothing is removed until the user confirms.
 */
export function DeleteDigestDialog({ digest, onClose, onDeleted }: Props) {
  const [plan, setPlan] = useState<{ removed: number; kept: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .deleteDigest({ id: digest.id, dryRun: true })
      .then((r) => setPlan({ removed: r.removedPapers, kept: r.keptPapers }))
      .catch((e: Error) => setError(e.message));
  }, [digest.id]);

  const doDelete = async () => {
    try {
      const r = await api.deleteDigest({ id: digest.id });
      onDeleted(`Deleted “${r.name}”: ${r.removedPapers} papers removed, ${r.keptPapers} kept (other digests have them).`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="delete-digest-title">
        <h2 id="delete-digest-title">Delete “{digest.name}”?</h2>
        {error && <p role="alert" className="error">{error}</p>}
        {plan ? (
          <p>
            {plan.removed} paper{plan.removed === 1 ? '' : 's'} came only from this digest and will be removed, with their status.{' '}
            {plan.kept} paper{plan.kept === 1 ? '' : 's'} also came from other digests and will stay as they are.
          </p>
        ) : (
          !error && <p>Counting its papers…</p>
        )}
        <div className="actions">
          <span className="spacer" />
          <button type="button" autoFocus onClick={onClose}>Cancel</button>
          <button type="button" className="danger" disabled={!plan} onClick={doDelete}>Delete digest</button>
        </div>
      </div>
    </div>
  );
}
