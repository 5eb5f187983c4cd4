import { useId, useState } from 'react';
import type { Tag } from '../../../shared/model';

interface Props {
  tags: Tag[];
  label: string;
  onAdd: (names: string[]) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** Type tag names (comma-separated; known ones are suggested), Enter to add them. */
export function TagInput({ tags, label, onAdd, onCancel, autoFocus }: Props) {
  const [text, setText] = useState('');
  const listId = useId();
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (names.length) onAdd(names);
        setText('');
      }}
    >
      <input
        type="text"
        aria-label={label}
        placeholder="tag, another tag"
        list={listId}
        value={text}
        autoFocus={autoFocus}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && onCancel) {
            e.stopPropagation();
            onCancel();
          }
        }}
      />
      <datalist id={listId}>
        {tags.map((t) => (
          <option key={t.id} value={t.name} />
        ))}
      </datalist>
      <button type="submit" disabled={names.length === 0}>Add</button>
    </form>
  );
}
