import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Paper, Tag } from '../../../shared/model';
import { api } from '../api';
import { safeHref } from '../format';
import { TexText } from '../math/TexText';
import { TagInput } from '../tags/TagInput';
import './triage.css';

interface Props {
  digestId: number;
  tags: Tag[];
  onExit: (message: string | null) => void;
  /** After each change, so the rest of the app follows. */
  onChanged: () => void;
}

type Outcome = 'kept' | 'read' | 'skipped';
interface Step {
  index: number;
  outcome: Outcome | 'starred' | 'tagged';
  /** The action's undo handle, once the core has answered. */
  done: Promise<number | null>;
}

const KEYS: [string, string][] = [
  ['K', 'keep for reading'],
  ['R', 'mark read'],
  ['S / →', 'skip'],
  ['F', 'star'],
  ['T', 'tag'],
  ['O', 'open'],
  ['Z', 'undo'],
  ['←', 'back'],
  ['Esc', 'leave'],
];

/**
 * A keyboard pass through a digest's unread papers, one at a time with its abstract: keep it for
 * reading, mark it read, skip it, star it, tag it, or open it; the next paper is already loaded,
 * so it shows at once. Every step can be undone.
 */
export function TriageView({ digestId, tags, onExit, onChanged }: Props) {
  const [digest, setDigest] = useState<{ name: string; papers: number } | null>(null);
  // "For you": the papers the interest model ranks highest come first.
  const [order, setOrder] = useState<'digest' | 'interest'>('digest');
  const [queue, setQueue] = useState<number[] | null>(null);
  const [index, setIndexState] = useState(0);
  const [steps, setStepsState] = useState<Step[]>([]);
  // Keys can come faster than the core answers: each acts on the paper the previous one left in
  // view, so the position and the steps live in refs and move at once.
  const indexRef = useRef(0);
  const stepsRef = useRef<Step[]>([]);
  const setIndex = (i: number) => {
    indexRef.current = i;
    setIndexState(i);
  };
  const setSteps = (s: Step[]) => {
    stepsRef.current = s;
    setStepsState(s);
  };
  const [tagging, setTagging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const cache = useRef(new Map<number, Paper | Promise<Paper>>());
  const [, setTick] = useState(0);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api
      .triageQueue({ digestId, order })
      .then((q) => {
        setDigest({ name: q.digest.name, papers: q.digest.papers });
        setQueue(q.ids);
        setIndex(0);
        setSteps([]);
      })
      .catch((e: Error) => setError(e.message));
    // A new digest or order: the position and the steps start over.
  }, [digestId, order]);

  // The paper in view and the next two, fetched ahead.
  const load = useCallback((id: number, force = false) => {
    if (!force && cache.current.has(id)) return;
    const p = api.getPaper({ ref: String(id) }).then((paper) => {
      cache.current.set(id, paper);
      setTick((t) => t + 1);
      return paper;
    });
    cache.current.set(id, p);
  }, []);
  useEffect(() => {
    if (!queue) return;
    for (let i = index; i < Math.min(queue.length, index + 3); i++) load(queue[i]!);
  }, [queue, index, load]);
  useEffect(() => root.current?.focus(), [queue, tagging]);

  const id = queue?.[index];
  const current = id !== undefined ? cache.current.get(id) : undefined;
  const paper = current && !(current instanceof Promise) ? current : null;
  const done = queue !== null && index >= queue.length;

  const counts = { kept: 0, read: 0, skipped: 0 };
  for (const s of steps) if (s.outcome in counts) counts[s.outcome as Outcome]++;

  const act = (outcome: Step['outcome'], run: (paperId: number) => Promise<number | null>, advance: boolean) => {
    const at = indexRef.current;
    const paperId = queue?.[at];
    if (paperId === undefined) return;
    const pending = run(paperId);
    setSteps([...stepsRef.current, { index: at, outcome, done: pending }]);
    if (advance) setIndex(at + 1);
    pending
      .then(() => {
        if (!advance) load(paperId, true);
        onChanged();
      })
      .catch((e: Error) => setError(e.message));
  };
  const status = (s: 'reading' | 'read') => async (paperId: number) => (await api.markPapers({ papers: { ids: [paperId] }, status: s })).undoId;
  const paperAt = (i: number) => {
    const p = queue ? cache.current.get(queue[i]!) : undefined;
    return p && !(p instanceof Promise) ? p : null;
  };

  const undo = async () => {
    const last = stepsRef.current.at(-1);
    if (!last) return;
    setSteps(stepsRef.current.slice(0, -1));
    setIndex(last.index);
    try {
      const undoId = await last.done;
      if (undoId !== null) await api.undo({ undoId });
      if (last.outcome === 'skipped' && queue) await api.skipPapers({ ids: [queue[last.index]!], undo: true });
      if (queue) load(queue[last.index]!, true);
      setFlash('Undone');
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const open = () => {
    if (!paper) return;
    const url = paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : paper.links.map(safeHref).find(Boolean);
    if (url) window.open(url, '_blank', 'noopener,noreferrer');
    else setFlash('This paper has no link yet.');
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (tagging || e.ctrlKey || e.metaKey || e.altKey) {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void undo();
      }
      return;
    }
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    setFlash(null);
    if (k === 'Escape' || k === 'q') onExit(steps.length ? `Triage: ${counts.kept} kept, ${counts.read} read, ${counts.skipped} skipped.` : null);
    else if (k === 'z' || k === 'u' || k === 'Backspace') void undo();
    else if (indexRef.current >= (queue?.length ?? 0)) return;
    else if (k === 'k') act('kept', status('reading'), true);
    else if (k === 'r') act('read', status('read'), true);
    // A skip teaches the interest model a "no" (kept on this computer).
    else if (k === 's' || k === 'j' || k === 'ArrowRight') act('skipped', async (pid) => (await api.skipPapers({ ids: [pid] }), null), true);
    else if (k === 'ArrowLeft' || k === 'h') setIndex(Math.max(0, indexRef.current - 1));
    else if (k === 'f' || k === '*') {
      const starred = !paperAt(indexRef.current)?.starred;
      act('starred', async (pid) => (await api.starPapers({ papers: { ids: [pid] }, starred })).undoId, false);
    }
    else if (k === 't') setTagging(true);
    else if (k === 'o' || k === 'Enter') open();
    else return;
    e.preventDefault();
  };

  if (error) {
    return (
      <section className="triage" aria-label="Triage">
        <p role="alert" className="error">{error}</p>
        <button type="button" onClick={() => onExit(null)}>Back to the library</button>
      </section>
    );
  }
  const total = queue?.length ?? 0;
  return (
    <section className="triage" aria-label="Triage" tabIndex={-1} ref={root} onKeyDown={onKeyDown}>
      <header className="triage-head">
        <h2>{digest ? `Triage: ${digest.name}` : 'Triage'}</h2>
        <div className="triage-progress" role="progressbar" aria-label="Triage progress" aria-valuemin={0} aria-valuemax={total} aria-valuenow={Math.min(index, total)}>
          <div style={{ width: total ? `${(Math.min(index, total) / total) * 100}%` : '0' }} />
        </div>
        <span className="triage-count">
          {Math.min(index + 1, total)} of {total} unread · {counts.kept} kept · {counts.read} read · {counts.skipped} skipped
        </span>
        <label className="triage-order">
          Order{' '}
          <select value={order} onChange={(e) => setOrder(e.target.value as 'digest' | 'interest')} onKeyDown={(e) => e.stopPropagation()}>
            <option value="digest">Digest</option>
            <option value="interest">For you</option>
          </select>
        </label>
        <button type="button" onClick={() => onExit(steps.length ? `Triage: ${counts.kept} kept, ${counts.read} read, ${counts.skipped} skipped.` : null)}>Leave (Esc)</button>
      </header>
      {queue && total === 0 && <p className="triage-done">This digest has no unread papers.</p>}
      {done && total > 0 && (
        <div className="triage-done" role="status">
          <h3>Digest cleared</h3>
          <p>{counts.kept} kept for reading, {counts.read} marked read, {counts.skipped} skipped.</p>
          <p className="note">Z undoes the last step; Esc goes back to the library.</p>
        </div>
      )}
      {!done && paper && (
        <article className="triage-paper" aria-live="polite" aria-label={paper.title}>
          <h3 className="triage-title">{paper.starred ? '★ ' : ''}<TexText text={paper.title} /></h3>
          <p className="pane-authors">
            {paper.authors?.length ? paper.authors.join(', ') : paper.authorCount != null ? `${paper.authorCount} authors` : 'Authors unknown'}
            {paper.published ? ` · ${paper.published}` : ''}
            {paper.upvotes ? ` · ${paper.upvotes} upvotes` : ''}
          </p>
          {paper.tags.length > 0 && (
            <p>{paper.tags.map((t) => <span key={t} className="tag-chip">{t}</span>)}</p>
          )}
          <p className="triage-abstract">{paper.abstract ? <TexText text={paper.abstract} display /> : 'No abstract.'}</p>
          {tagging && (
            <TagInput
              tags={tags}
              label="Tag this paper"
              autoFocus
              onCancel={() => setTagging(false)}
              onAdd={(names) => {
                setTagging(false);
                act('tagged', async (pid) => (await api.tagPapers({ papers: { ids: [pid] }, add: names })).undoId, false);
              }}
            />
          )}
        </article>
      )}
      {!done && !paper && queue && total > 0 && <p className="note">Loading…</p>}
      {flash && <p className="note" role="status">{flash}</p>}
      <footer className="triage-keys" aria-label="Keys">
        {KEYS.map(([k, what]) => (
          <span key={k}><kbd>{k}</kbd> {what}</span>
        ))}
      </footer>
    </section>
  );
}
