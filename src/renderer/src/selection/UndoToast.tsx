import { useEffect } from 'react';

/** The last action and its Undo button; it stays until the next action or until dismissed. */
export function UndoToast({ label, onUndo, onDismiss }: { label: string; onUndo: () => void; onDismiss: () => void }) {
  useEffect(() => {
    const t = setTimeout(onDismiss, 15_000);
    return () => clearTimeout(t);
  }, [label, onDismiss]);
  return (
    <div className="toast" role="status" aria-live="polite">
      <span>{label}.</span>
      <button type="button" onClick={onUndo}>Undo</button>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>×</button>
    </div>
  );
}
