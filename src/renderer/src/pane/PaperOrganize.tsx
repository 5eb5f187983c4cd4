import { useEffect, useState } from 'react';
import type { Paper, Tag } from '../../../shared/model';
import { api } from '../api';
import { TagInput } from '../tags/TagInput';

interface Props {
  paper: Paper;
  tags: Tag[];
  /** After a change: refresh the library. */
  onChanged: () => void;
}

/** The star, the tags and the note of one paper, in the side pane. The note saves as you pause. */
export function PaperOrganize({ paper, tags, onChanged }: Props) {
  const [note, setNote] = useState(paper.note ?? '');
  const [state, setState] = useState<'saved' | 'editing' | 'saving' | string>('saved');
  useEffect(() => {
    setNote(paper.note ?? '');
    setState('saved');
  }, [paper.id]);
  useEffect(() => {
    if (state !== 'saved' && state !== 'editing' && state !== 'saving') return;
    if (note === (paper.note ?? '') || state !== 'editing') return;
    const t = setTimeout(() => void save(note), 800);
    return () => clearTimeout(t);
  }, [note, state]);
  const save = async (text: string) => {
    setState('saving');
    try {
      await api.setNote({ id: paper.id, note: text });
      setState('saved');
      onChanged();
    } catch (e) {
      setState((e as Error).message);
    }
  };
  const tagAll = async (add: string[], remove: number[]) => {
    await api.tagPapers({ papers: { ids: [paper.id] }, add, remove });
    onChanged();
  };
  return (
    <div className="organize">
      <div className="organize-row">
        <button
          type="button"
          className={`star${paper.starred ? ' on' : ''}`}
          aria-pressed={paper.starred}
          onClick={async () => {
            await api.starPapers({ papers: { ids: [paper.id] }, starred: !paper.starred });
            onChanged();
          }}
        >
          {paper.starred ? '★ Starred' : '☆ Star'}
        </button>
        <ul className="pane-tags" aria-label="Tags">
          {paper.tags.map((t) => {
            const id = tags.find((x) => x.name === t)?.id;
            return (
              <li key={t} className="tag-chip">
                {t}
                {id !== undefined && (
                  <button type="button" className="chip-clear" aria-label={`Remove tag ${t}`} onClick={() => void tagAll([], [id])}>×</button>
                )}
              </li>
            );
          })}
        </ul>
      </div>
      <TagInput tags={tags} label="Add tags to this paper" onAdd={(names) => void tagAll(names, [])} />
      <label className="field note-field">
        <span>
          Note <span className="note">{state === 'saving' ? 'saving…' : state === 'saved' ? (paper.noteUpdatedAt ? `saved ${paper.noteUpdatedAt.slice(0, 10)}` : '') : state === 'editing' ? '' : ''}</span>
        </span>
        <textarea
          value={note}
          rows={4}
          placeholder="Your notes on this paper (found by the search box)"
          onChange={(e) => {
            setNote(e.target.value);
            setState('editing');
          }}
          onBlur={() => state === 'editing' && void save(note)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save(note);
            e.stopPropagation();
          }}
        />
      </label>
      {!['saved', 'editing', 'saving'].includes(state) && <p className="error" role="alert">{state}</p>}
    </div>
  );
}
