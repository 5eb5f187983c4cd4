import { useEffect, useRef, useState } from 'react';
import type { ReviewItem } from '../../../shared/methods/arxiv';
import { api } from '../api';
import { TexText } from '../math/TexText';

interface Props {
  /** Start with this paper, when the user came from its row. */
  paperId: number | null;
  onClose: () => void;
  onChanged: (message: string) => void;
}

/**
 * Unsure arXiv matches, one paper at a time: the candidates with why each scored as it did;
 * the user picks one, says none fits, or skips. Nothing is applied without the click.
 */
export function ReviewDialog({ paperId, onClose, onChanged }: Props) {
  const [items, setItems] = useState<ReviewItem[] | null>(null);
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    api
      .reviewList({ limit: 1000 })
      .then((r) => {
        const start = paperId === null ? 0 : Math.max(0, r.items.findIndex((i) => i.paperId === paperId));
        setItems(r.items);
        setIndex(start);
      })
      .catch((e: Error) => setError(e.message));
  }, [paperId]);
  useEffect(() => ref.current?.querySelector<HTMLElement>('.candidate button, button')?.focus(), [items, index]);

  const item = items?.[index];
  const choose = async (arxivId: string | null) => {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.chooseCandidate({ ref: String(item.paperId), arxivId });
      onChanged(arxivId ? `Matched to arXiv ${arxivId}${r.requeued ? '; its PDF download goes on' : ''}.` : 'Marked as not on arXiv.');
      const rest = items!.filter((_, i) => i !== index);
      setItems(rest);
      setIndex((i) => Math.min(i, Math.max(0, rest.length - 1)));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal review" role="dialog" aria-modal="true" aria-labelledby="review-title" ref={ref}>
        <h2 id="review-title">Pick the arXiv match</h2>
        {error && <p role="alert" className="error">{error}</p>}
        {items === null && !error && <p role="status">Loading…</p>}
        {items && items.length === 0 && <p role="status">No match waits for a review.</p>}
        {item && (
          <>
            <p className="note" role="status">
              Paper {index + 1} of {items!.length}
            </p>
            <section className="review-paper" aria-label="The paper in your library">
              <h3><TexText text={item.title} /></h3>
              <p className="note">
                {[item.authorCount != null ? `${item.authorCount} authors` : null, item.published ? `published ${item.published}` : null].filter(Boolean).join(' · ')}
              </p>
              {item.note && <p>{item.note}</p>}
            </section>
            <ul className="candidates" aria-label="Candidates">
              {item.candidates.map((c) => (
                <li key={c.arxivId} className="candidate">
                  <div className="candidate-head">
                    <strong><TexText text={c.title} /></strong>
                    <span className="score" title="How sure the match is">{Math.round(c.score * 100)}%</span>
                  </div>
                  <div className="note">
                    {c.source === 'crossref' ? `Crossref ${c.arxivId.replace(/^doi:/, '')}` : `arXiv ${c.arxivId}`}
                    {c.version ? `v${c.version}` : ''} · {c.published ?? 'date unknown'} · {c.source === 'crossref' ? (c.venue ?? '') : c.categories.join(' ')}
                  </div>
                  <div className="candidate-authors">
                    {c.authors.slice(0, 4).join(', ')}
                    {c.authors.length > 4 ? ` and ${c.authors.length - 4} more` : ''}
                  </div>
                  <div className="note">{c.why}</div>
                  <button type="button" className="primary" disabled={busy} aria-label={`Choose ${c.source === 'crossref' ? `Crossref ${c.arxivId.replace(/^doi:/, '')}` : `arXiv ${c.arxivId}`}`} onClick={() => choose(c.arxivId)}>
                    This one
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="actions">
          {item && (
            <>
              <button type="button" disabled={busy} onClick={() => choose(null)}>None of these</button>
              <button type="button" disabled={busy || items!.length < 2} onClick={() => setIndex((i) => (i + 1) % items!.length)}>Skip</button>
            </>
          )}
          <span className="spacer" />
          <button type="button" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
