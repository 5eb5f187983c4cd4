import { startTransition, useEffect, useState, type ReactNode } from 'react';
import type { Paper, Status } from '../../../shared/model';
import { api } from '../api';
import { safeHref } from '../format';
import { TexText } from '../math/TexText';
import { STATUS_LABEL } from '../table/columns';
import type { PdfActions } from '../downloads/PdfCell';
import { PdfFacts } from './PdfFacts';
import { WorkFacts } from './WorkFacts';
import './pane.css';

interface Props {
  paperId: number | null;
  revision: number;
  onMark: (ids: number[], status: Status) => void;
  pdf: PdfActions;
  onChanged: (message: string) => void;
  onRead: (paper: Paper) => void;
  /** More about the paper, below its status (star, tags, note). */
  children?: (paper: Paper) => ReactNode;
}

const RESOLVE_TEXT: Record<string, string> = {
  none: 'not looked up yet',
  queued: 'being looked up…',
  review: 'unsure match, waiting for your pick',
  unmatched: 'not found on arXiv',
  failed: 'lookup failed',
  matched: '',
  chosen: '',
  enriched: '',
};

/** The selected paper: its abstract, links, digests and status. All text is rendered as text, its math by KaTeX. */
export function SidePane({ paperId, revision, onMark, pdf, onChanged, onRead, children }: Props) {
  const [paper, setPaper] = useState<Paper | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (paperId === null) return setPaper(null);
    let live = true;
    // A moment's wait: moving fast through rows fetches only where it stops. While a search is
    // being typed the rows change at every key: the pane waits for a pause in the typing, so
    // drawing it never competes with the table's next answer.
    const typing = document.activeElement instanceof HTMLInputElement && document.activeElement.type === 'search';
    const t = setTimeout(() => {
      api
        .getPaper({ ref: String(paperId) })
        // Drawn as a transition: a key typed meanwhile (the search box, the table) goes first.
        .then((p) => live && startTransition(() => (setPaper(p), setError(null))))
        .catch((e: Error) => live && setError(e.message));
    }, typing ? 400 : 60);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [paperId, revision]);

  // A paper with a PDF is selected: get the reader ready, so opening it is quick.
  const hasPdf = paper?.pdf === 'downloaded';
  useEffect(() => {
    if (!hasPdf) return;
    const t = setTimeout(() => void import('../reader/pdfjs').then((m) => m.warmReader()).catch(() => {}), 300);
    return () => clearTimeout(t);
  }, [hasPdf]);

  if (paperId === null) return <aside className="pane empty-pane" aria-label="Paper details">Select a paper to see its abstract.</aside>;
  if (error) return <aside className="pane" aria-label="Paper details"><p role="alert">{error}</p></aside>;
  if (!paper) return <aside className="pane" aria-label="Paper details" />;
  const authors = paper.authors?.length ? paper.authors.join(', ') : paper.authorCount != null ? `${paper.authorCount} authors (names not known yet)` : 'Authors unknown';
  return (
    // While another paper loads, the one shown stays (no flash) but cannot be acted on: a click
    // must never star or mark the paper the user just left.
    <aside className={`pane${paper.id !== paperId ? ' stale' : ''}`} aria-label="Paper details" aria-busy={paper.id !== paperId} inert={paper.id !== paperId}>
      <h2 className="pane-title"><TexText text={paper.title} /></h2>
      <p className="pane-authors">{authors}</p>
      <WorkFacts paper={paper} />
      <dl className="pane-facts">
        <dt>Published</dt>
        <dd>{paper.published ?? 'unknown'}</dd>
        <dt>arXiv</dt>
        <dd>{paper.arxivId ? `${paper.arxivId}${paper.arxivVersion ? `v${paper.arxivVersion}` : ''}` : RESOLVE_TEXT[paper.resolveState ?? 'none'] || '—'}</dd>
        {paper.doi && (
          <>
            <dt>DOI</dt>
            <dd>{paper.doi}</dd>
          </>
        )}
        <dt>Upvotes</dt>
        <dd>{paper.upvotes}</dd>
        <dt>Digests</dt>
        <dd>{paper.digests.map((d) => `${d.name} (#${d.rank})`).join('; ')}</dd>
      </dl>
      <div className="status-buttons" role="group" aria-label="Reading status">
        {(['unread', 'reading', 'read'] as const).map((s) => (
          <button key={s} type="button" aria-pressed={paper.status === s} onClick={() => onMark([paper.id], s)}>
            {STATUS_LABEL[s]}
          </button>
        ))}
      </div>
      <PdfFacts paper={paper} actions={pdf} onChanged={onChanged} />
      {paper.pdf === 'downloaded' && (
        <div className="pane-read">
          <button type="button" className="primary" onClick={() => onRead(paper)}>
            {paper.progress ? 'Continue reading' : 'Read PDF'}
          </button>
          {paper.progress !== null && <span className="note">{paper.progress} % read</span>}
        </div>
      )}
      {children?.(paper)}
      {paper.abstract && <p className="pane-abstract"><TexText text={paper.abstract} display /></p>}
      {paper.links.length > 0 && (
        <>
          <h3>Links</h3>
          <ul className="pane-links">
            {paper.links.map((l) => {
              const href = safeHref(l);
              return <li key={l}>{href ? <a href={href} target="_blank" rel="noopener noreferrer">{l}</a> : l}</li>;
            })}
          </ul>
        </>
      )}
    </aside>
  );
}
