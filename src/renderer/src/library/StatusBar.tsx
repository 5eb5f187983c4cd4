import type { WorkStatus } from '../../../shared/methods/arxiv';
import { WorkProgress } from '../downloads/WorkProgress';
import { formatCount } from '../format';

interface Props {
  total: number | null;
  selected: number;
  view: { name: string; modified: boolean } | null;
  indexing: boolean;
  extraction: string | null;
  error: string | null;
  message: string | null;
  work: WorkStatus | null;
  onReview: () => void;
}

const HINT = '↑↓ move · Enter read · Shift/Ctrl select · R read · U unread · I reading · S star · T tag · D download · Del remove · 1–9 views · / search';

/** The bottom line: how many papers, what is selected, the view, the last message, the queue. */
export function StatusBar({ total, selected, view, indexing, extraction, error, message, work, onReview }: Props) {
  const count = total ?? 0;
  return (
    <footer className="statusbar">
      {/* Only the messages are announced; the progress below changes too often to be read out. */}
      <span role="status" aria-live="polite">
        <span className="count">{total === null ? 'Loading…' : `${formatCount(count)} paper${count === 1 ? '' : 's'}`}</span>
        {selected > 1 && <span className="selected-count"> · {formatCount(selected)} selected</span>}
        {view && <span> · {view.name}{view.modified ? ' (changed)' : ''}</span>}
        {indexing && <span> · indexing for search…</span>}
        {extraction && <span> · {extraction}</span>}
        {error && <span className="error"> · {error}</span>}
        {message && <span className="message"> · {message}</span>}
      </span>
      <WorkProgress status={work} onReview={onReview} />
      <span className="spacer" />
      <span className="hint">{HINT}</span>
    </footer>
  );
}
