import type { Paper } from '../../../shared/model';
import { api } from '../api';
import type { PdfActions } from '../downloads/PdfCell';
import { AttachPdf } from './AttachPdf';

function size(bytes: number | null): string {
  if (!bytes) return '';
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The side pane's PDF section: where the file is or why it is not, and the one action that fits. */
export function PdfFacts({ paper, actions, onChanged }: { paper: Paper; actions: PdfActions; onChanged: (m: string) => void }) {
  const cancel = () =>
    api
      .cancelDownloads({ papers: { refs: [String(paper.id)] } })
      .then(() => onChanged('Download cancelled.'))
      .catch((e: Error) => onChanged(e.message));
  let state: string;
  let action: React.ReactNode = null;
  switch (paper.pdf) {
    case 'downloaded':
      state = `Downloaded (${paper.pdfPath}${paper.pdfBytes ? `, ${size(paper.pdfBytes)}` : ''})`;
      break;
    case 'queued':
      state = paper.pdfProgress !== null ? `Downloading: ${Math.floor(paper.pdfProgress * 100)}%` : `Queued${paper.pdfNote ? ` — ${paper.pdfNote}` : ''}`;
      action = <button type="button" onClick={cancel}>Cancel download</button>;
      break;
    case 'failed':
      // "No open-access copy found…": the note says what was tried; attaching a file is the way on.
      state = /^No open-access copy/.test(paper.pdfNote ?? '') ? (paper.pdfNote ?? '').replace(/ Attach a PDF you have:.*$/, '') : `Failed: ${paper.pdfNote ?? 'no reason kept'}`;
      action = <button type="button" onClick={() => actions.onDownload([paper.id])}>Try again</button>;
      break;
    default:
      state = 'Not downloaded';
      action = <button type="button" onClick={() => actions.onDownload([paper.id])}>Download PDF</button>;
  }
  return (
    <section className="pane-pdf" aria-label="PDF">
      <p className={`pdf-state pdf-state-${paper.pdf}`}>
        <strong>PDF</strong> {state}
      </p>
      <div className="pdf-actions">
        {action}
        <AttachPdf paperId={paper.id} label={paper.pdf === 'downloaded' ? 'Replace the PDF…' : 'Attach a PDF…'} onDone={(m) => onChanged(m)} />
        {paper.resolveState === 'review' && (
          <button type="button" onClick={() => actions.onReview(paper.id)}>
            Pick the arXiv match…
          </button>
        )}
      </div>
    </section>
  );
}
