import { useEffect, useRef, useState } from 'react';
import type { WorkStatus } from '../../../shared/methods/arxiv';
import type { Digest } from '../../../shared/model';
import { api } from '../api';
import { timeLeft } from './useWorkStatus';

interface Props {
  status: WorkStatus | null;
  revision: number;
  onClose: () => void;
  onReview: () => void;
  onMessage: (m: string) => void;
}

/** Everything about PDFs in one place: the queue, a digest or everything at once, retrying, a 403. */
export function DownloadsDialog({ status, revision, onClose, onReview, onMessage }: Props) {
  const [digests, setDigests] = useState<Digest[]>([]);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    api.listDigests({}).then(setDigests).catch((e: Error) => setError(e.message));
  }, [revision]);
  useEffect(() => ref.current?.querySelector<HTMLElement>('button.primary, button')?.focus(), []);

  const act = async (what: () => Promise<string>) => {
    setError(null);
    try {
      onMessage(await what());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const queued = (r: { queued: number; alreadyDownloaded: number; needResolving: number; notOnArxiv: number }) =>
    `${r.queued} PDF${r.queued === 1 ? '' : 's'} queued${r.needResolving ? ` (${r.needResolving} to be found on arXiv first)` : ''}${r.alreadyDownloaded ? `; ${r.alreadyDownloaded} already downloaded` : ''}${r.notOnArxiv ? `; ${r.notOnArxiv} not on arXiv, left out` : ''}.`;
  const d = status?.download;

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="downloads-title" ref={ref}>
        <h2 id="downloads-title">PDFs</h2>
        {status?.blocked && (
          <div role="alert" className="blocked">
            <p>{status.blocked.reason}</p>
            <button type="button" onClick={() => act(async () => (await api.resumeArxiv({}), 'Downloads from arXiv may start again.'))}>Resume downloads</button>
          </div>
        )}
        {d && (
          <p role="status" className="preview-counts">
            {d.downloaded} on disk · {d.queued} queued · {d.failed} failed · {d.waitingReview} waiting for your review
            {d.queued > 0 && d.etaSeconds !== null ? ` · ${timeLeft(d.etaSeconds)}` : ''}
          </p>
        )}
        {status?.pausedUntil && status.pauseReason && <p className="note">Paused until {new Date(status.pausedUntil).toLocaleTimeString()}: {status.pauseReason}</p>}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" className="primary" onClick={() => act(async () => queued(await api.queueDownloads({ papers: { query: {} } })))}>Download all missing</button>
          <button type="button" disabled={!d?.failed} onClick={() => act(async () => `${(await api.queueDownloads({ papers: { query: {} }, retryFailed: true })).queued} failed download(s) queued again.`)}>
            Retry failed{d?.failed ? ` (${d.failed})` : ''}
          </button>
          <button type="button" title="Find the papers without an arXiv id, and fill in authors and categories, without downloading" onClick={() => act(async () => `${(await api.queueResolve({ papers: { query: {} } })).queued} paper(s) to look up on arXiv.`)}>
            Look up on arXiv
          </button>
          <button type="button" disabled={!status?.resolve.review} onClick={onReview}>
            Review matches{status?.resolve.review ? ` (${status.resolve.review})` : ''}
          </button>
          {d && d.queued > 0 && (
            <button type="button" onClick={() => act(async () => `${(await api.cancelDownloads({ papers: { query: {} } })).cancelled} download(s) taken out of the queue.`)}>Cancel queued</button>
          )}
        </div>
        <h3>By digest</h3>
        <table className="digest-table">
          <thead>
            <tr>
              <th scope="col">Digest</th>
              <th scope="col">Papers</th>
              <th scope="col"><span className="sr-only">Action</span></th>
            </tr>
          </thead>
          <tbody>
            {digests.map((g) => (
              <tr key={g.id}>
                <td>{g.name}</td>
                <td>{g.paperCount}</td>
                <td>
                  <button type="button" aria-label={`Download the PDFs of ${g.name}`} onClick={() => act(async () => queued(await api.queueDownloads({ papers: { query: { digestIds: [g.id] } } })))}>
                    Download
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="note">Lectern asks arXiv for one file at a time, with a pause between requests, as arXiv asks of tools. Downloads go on while you read, and after a restart.</p>
        <div className="actions">
          <span className="spacer" />
          <button type="button" onClick={onClose}>Close</button>
        </div>
      </div>
    </div>
  );
}
