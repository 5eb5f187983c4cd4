import { useState } from 'react';
import type { Status, Tag } from '../../../shared/model';
import { Popover } from '../library/Popover';
import { TagInput } from '../tags/TagInput';
import { formatCount } from '../format';
import './selection.css';

interface Props {
  count: number;
  total: number;
  allSelected: boolean;
  tags: Tag[];
  onStatus: (s: Status) => void;
  onStar: (starred: boolean) => void;
  onTags: (add: string[], remove: number[]) => void;
  onRemove: () => void;
  onDownload: () => void;
  onSelectAll: () => void;
  onClear: () => void;
  /** Bumped by the T key: opens the tag editor. */
  tagSignal: number;
}

/** What can be done to many papers at once; "select all" covers the whole view, loaded or not. */
export function BulkBar(p: Props) {
  const [removeTag, setRemoveTag] = useState<number | ''>('');
  return (
    <div className="bulkbar" role="toolbar" aria-label="Selected papers">
      <span className="bulk-count">{formatCount(p.count)} selected</span>
      {!p.allSelected && p.total > p.count && (
        <button type="button" className="link-button" onClick={p.onSelectAll}>Select all {formatCount(p.total)}</button>
      )}
      <span className="sep" />
      <button type="button" onClick={() => p.onStatus('read')}>Mark read</button>
      <button type="button" onClick={() => p.onStatus('reading')}>Mark reading</button>
      <button type="button" onClick={() => p.onStatus('unread')}>Mark unread</button>
      <button type="button" onClick={() => p.onStar(true)}>Star</button>
      <button type="button" onClick={() => p.onStar(false)}>Unstar</button>
      <Popover label="Tags…" title="Tag the selected papers" openSignal={p.tagSignal}>
        {(close) => (
          <div className="tag-popover">
            <TagInput
              tags={p.tags}
              label="Add tags to the selected papers"
              autoFocus
              onAdd={(names) => {
                p.onTags(names, []);
                close();
              }}
            />
            {p.tags.length > 0 && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (removeTag !== '') p.onTags([], [removeTag]);
                  close();
                }}
              >
                <select aria-label="Tag to remove from the selected papers" value={removeTag} onChange={(e) => setRemoveTag(e.target.value ? Number(e.target.value) : '')}>
                  <option value="">Remove a tag…</option>
                  {p.tags.map((t) => (
                    <option key={t.id} value={t.id}>{t.name}</option>
                  ))}
                </select>
                <button type="submit" disabled={removeTag === ''}>Remove</button>
              </form>
            )}
          </div>
        )}
      </Popover>
      <button type="button" onClick={p.onDownload}>Download PDFs</button>
      <button type="button" className="danger" onClick={p.onRemove}>Remove…</button>
      <span className="spacer" />
      <button type="button" onClick={p.onClear}>Clear selection</button>
    </div>
  );
}
