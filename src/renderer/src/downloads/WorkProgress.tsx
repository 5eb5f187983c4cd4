import type { WorkStatus } from '../../../shared/methods/arxiv';
import { timeLeft } from './useWorkStatus';

/** The overall progress of the queue, for the status bar: a bar, the count and the time left. */
export function WorkProgress({ status, onReview }: { status: WorkStatus | null; onReview: () => void }) {
  if (!status) return null;
  const { download: d, resolve: r } = status;
  const parts: React.ReactNode[] = [];
  if (r.queued > 0) parts.push(<span key="resolve">Looking up {r.queued} paper{r.queued === 1 ? '' : 's'} on arXiv…</span>);
  if (status.blocked) {
    parts.push(<span key="blocked" className="error">Downloads stopped: arXiv refused access ({d.queued} queued)</span>);
  } else if (d.queued > 0 && d.batchTotal > 0) {
    const cur = d.current?.total ? d.current.bytes / d.current.total : 0;
    parts.push(
      <span key="download" className="work-progress">
        <progress aria-label="PDF downloads" max={d.batchTotal} value={Math.min(d.batchTotal, d.batchDone + cur)} />
        <span>
          PDFs {d.batchDone} of {d.batchTotal}
          {d.etaSeconds !== null ? ` · ${timeLeft(d.etaSeconds)}` : ''}
        </span>
      </span>,
    );
  }
  if (status.pausedUntil && status.pauseReason && !status.blocked) {
    parts.push(<span key="pause"> · paused: {status.pauseReason}</span>);
  }
  if (r.review > 0) {
    parts.push(
      <button key="review" type="button" className="link-button" onClick={onReview}>
        {r.review} match{r.review === 1 ? '' : 'es'} to review
      </button>,
    );
  }
  if (parts.length === 0) return null;
  return <span className="work">{parts}</span>;
}
