import type { PaperRow } from '../../../shared/model';
import './downloads.css';

export interface PdfActions {
  onDownload: (ids: number[]) => void;
  onReview: (paperId: number) => void;
}

/** The PDF column: its state, the download's percent, the reason of a failure, and what to do. */
export function PdfCell({ row, actions }: { row: PaperRow; actions: PdfActions }) {
  const stop = (e: React.MouseEvent) => e.stopPropagation();
  if (row.resolveState === 'review' && row.pdf !== 'downloaded') {
    return (
      <button type="button" className="pdf-pill pdf-review" tabIndex={-1} title={row.pdfNote ?? 'The arXiv match is unsure'} aria-label={`Pick the arXiv match of ${row.title}`} onClick={(e) => (stop(e), actions.onReview(row.id))}>
        Pick match
      </button>
    );
  }
  switch (row.pdf) {
    case 'downloaded':
      return <span className="pdf-pill pdf-downloaded" title="The PDF is in the library folder">PDF</span>;
    case 'queued':
      if (row.pdfProgress !== null) {
        const pct = Math.floor(row.pdfProgress * 100);
        return (
          <span className="pdf-downloading" title={`Downloading: ${pct}%`}>
            <progress max={100} value={pct} aria-label={`Downloading ${row.title}`} />
            <span>{pct}%</span>
          </span>
        );
      }
      return <span className="pdf-pill pdf-queued" title={row.pdfNote ?? 'Waiting in the download queue'}>{row.pdfNote?.startsWith('Will retry') ? 'Retrying' : 'Queued'}</span>;
    case 'failed':
      return (
        <button type="button" className="pdf-pill pdf-failed" tabIndex={-1} title={`${row.pdfNote ?? 'The download failed'} — click to try again`} aria-label={`Download failed: ${row.pdfNote ?? 'no reason kept'}. Try again`} onClick={(e) => (stop(e), actions.onDownload([row.id]))}>
          Failed ↻
        </button>
      );
    default:
      return (
        <button type="button" className="pdf-pill pdf-none" tabIndex={-1} title="Download the PDF" aria-label={`Download the PDF of ${row.title}`} onClick={(e) => (stop(e), actions.onDownload([row.id]))}>
          Get PDF
        </button>
      );
  }
}
