import { useState } from 'react';
import type { ColumnLayout, LibraryQuery, View } from '../../../shared/query';
import { api } from '../api';
import { Modal } from '../library/Modal';

interface Props {
  query: LibraryQuery;
  layout: ColumnLayout;
  /** The saved view being shown, to offer replacing it. */
  current: View | null;
  onClose: () => void;
  onSaved: (v: View) => void;
}

/** Saves the current filters, search and sort (and, if wanted, the column layout) under a name. */
export function SaveViewDialog({ query, layout, current, onClose, onSaved }: Props) {
  const [name, setName] = useState(current && !current.builtin ? current.name : '');
  const [withColumns, setWithColumns] = useState(!!current?.columns);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      const v = await api.saveView({ id: current && !current.builtin && current.name === name.trim() ? (current.id as number) : null, name, query, columns: withColumns ? layout : null });
      onSaved(v);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Modal title="Save view" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field">
          Name
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        </label>
        <label className="editor-option">
          <input type="checkbox" checked={withColumns} onChange={(e) => setWithColumns(e.target.checked)} />
          <span>Also remember the columns as they are now</span>
        </label>
        <p className="note">The view keeps the filters, the search and the sort. A view with the same name is replaced.</p>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" className="primary">Save view</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Modal>
  );
}
