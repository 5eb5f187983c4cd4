/** What working the arXiv queue reports, for a progress view (CLI) or a log. */
export type WorkEvent =
  | { type: 'resolving'; paperId: number; title: string }
  | {
      type: 'resolved';
      paperId: number;
      title: string;
      state: 'matched' | 'review' | 'unmatched' | 'enriched' | 'failed';
      arxivId: string | null;
      note: string | null;
      /** Set when the lookup was of a DOI on Crossref (not of arXiv). */
      doi?: string;
    }
  | { type: 'download-start'; paperId: number; arxivId: string; title: string; resumeFrom: number }
  | { type: 'progress'; paperId: number; bytes: number; total: number | null }
  | { type: 'downloaded'; paperId: number; arxivId: string; title: string; bytes: number; already: boolean }
  | { type: 'failed'; paperId: number; title: string; reason: string }
  | { type: 'retry'; paperId: number | null; title: string; reason: string; attempt: number; waitMs: number }
  | { type: 'waiting'; ms: number; reason: string | null }
  | { type: 'other-worker' }
  | { type: 'blocked'; reason: string }
  | { type: 'cleaned'; files: string[] };

/** 'resolve': only look papers up; 'all': then download their PDFs. */
export type WorkScope = 'resolve' | 'all';
