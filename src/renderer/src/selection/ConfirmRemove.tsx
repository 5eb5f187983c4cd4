import { Modal } from '../library/Modal';
import { formatCount } from '../format';

/** Asks before removing papers; says what goes with them and that it can be undone. */
export function ConfirmRemove({ count, onConfirm, onCancel }: { count: number; onConfirm: () => void; onCancel: () => void }) {
  const what = `${formatCount(count)} paper${count === 1 ? '' : 's'}`;
  return (
    <Modal title={`Remove ${what} from the library?`} onClose={onCancel} role="alertdialog">
      <p>Their reading status, tags, stars and notes go with them. The digests they came from keep their text, so a later import can bring them back.</p>
      <p className="note">You can undo this right after (Ctrl+Z).</p>
      <div className="actions">
        <button type="button" className="primary danger" onClick={onConfirm}>Remove {what}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </Modal>
  );
}
