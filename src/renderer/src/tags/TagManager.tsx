import { useState } from 'react';
import type { Tag } from '../../../shared/model';
import { api } from '../api';
import { Modal } from '../library/Modal';
import { formatCount } from '../format';
import './tags.css';

interface Props {
  tags: Tag[];
  onClose: () => void;
  /** Something changed: refresh, and say what. */
  onChanged: (message: string) => void;
}

/** Create, rename, merge and delete tags. Merging and deleting ask first. */
export function TagManager({ tags, onClose, onChanged }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const [renaming, setRenaming] = useState<{ id: number; name: string } | null>(null);
  const [merging, setMerging] = useState<{ id: number; into: number | null } | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const run = async (f: () => Promise<string>) => {
    try {
      setError(null);
      onChanged(await f());
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  };
  const name = (id: number) => tags.find((t) => t.id === id)?.name ?? '';
  return (
    <Modal title="Tags" onClose={onClose} className="tag-manager">
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await run(async () => `Created tag “${(await api.createTag({ name: newName })).name}”.`)) setNewName('');
        }}
      >
        <label className="field">
          New tag
          <input type="text" value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={60} />
        </label>
        <button type="submit" disabled={!newName.trim()}>Create</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {tags.length === 0 && <p className="note">No tags yet.</p>}
      <ul className="tag-rows" aria-label="Tags">
        {tags.map((t) => (
          <li key={t.id}>
            {renaming?.id === t.id ? (
              <form
                className="inline-form"
                onSubmit={async (e) => {
                  e.preventDefault();
                  if (await run(async () => `Renamed to “${(await api.renameTag({ id: t.id, name: renaming.name })).name}”.`)) setRenaming(null);
                }}
              >
                <input aria-label={`New name for ${t.name}`} value={renaming.name} onChange={(e) => setRenaming({ id: t.id, name: e.target.value })} autoFocus maxLength={60} />
                <button type="submit">Rename</button>
                <button type="button" onClick={() => setRenaming(null)}>Cancel</button>
              </form>
            ) : merging?.id === t.id ? (
              <form
                className="inline-form"
                onSubmit={async (e) => {
                  e.preventDefault();
                  if (merging.into === null) return;
                  if (await run(async () => `Merged “${t.name}” into “${(await api.mergeTags({ from: [t.id], into: merging.into! })).tag.name}”.`)) setMerging(null);
                }}
              >
                <span>Merge “{t.name}” ({t.count}) into</span>
                <select aria-label={`Merge ${t.name} into`} value={merging.into ?? ''} onChange={(e) => setMerging({ id: t.id, into: e.target.value ? Number(e.target.value) : null })} autoFocus>
                  <option value="">choose a tag…</option>
                  {tags.filter((x) => x.id !== t.id).map((x) => (
                    <option key={x.id} value={x.id}>{x.name}</option>
                  ))}
                </select>
                <button type="submit" disabled={merging.into === null}>Merge</button>
                <button type="button" onClick={() => setMerging(null)}>Cancel</button>
              </form>
            ) : deleting === t.id ? (
              <div className="inline-form" role="group" aria-label={`Delete ${t.name}?`}>
                <span>Delete “{t.name}”? {t.count} paper{t.count === 1 ? '' : 's'} keep everything else.</span>
                <button type="button" className="danger" autoFocus onClick={async () => (await run(async () => `Deleted “${(await api.deleteTag({ id: t.id })).name}”.`)) && setDeleting(null)}>Delete</button>
                <button type="button" onClick={() => setDeleting(null)}>Cancel</button>
              </div>
            ) : (
              <>
                <span className="tag-chip">{t.name}</span>
                <span className="count">{formatCount(t.count)}</span>
                <span className="spacer" />
                <button type="button" onClick={() => setRenaming({ id: t.id, name: t.name })} aria-label={`Rename ${t.name}`}>Rename</button>
                <button type="button" onClick={() => setMerging({ id: t.id, into: null })} aria-label={`Merge ${t.name}`} disabled={tags.length < 2}>Merge…</button>
                <button type="button" onClick={() => setDeleting(t.id)} aria-label={`Delete ${t.name}`}>Delete</button>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={onClose}>Done</button>
      </div>
      {merging && merging.into !== null && <p className="note">Papers tagged “{name(merging.id)}” will be tagged “{name(merging.into)}”, and “{name(merging.id)}” deleted.</p>}
    </Modal>
  );
}
