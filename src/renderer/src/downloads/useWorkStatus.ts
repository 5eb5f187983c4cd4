import { useCallback, useEffect, useState } from 'react';
import type { WorkStatus } from '../../../shared/methods/arxiv';
import { api } from '../api';

/**
 * The resolve/download queue's state, from the library (so work done by another process shows
 * too): refreshed on every revision, and every 700 ms while something is queued.
 */
export function useWorkStatus(revision: number): [WorkStatus | null, () => void] {
  const [status, setStatus] = useState<WorkStatus | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api
      .workStatus({})
      .then((s) => live && setStatus(s))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [revision, tick]);
  const busy = !!status && (status.download.queued > 0 || status.resolve.queued > 0) && !status.blocked;
  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => setTick((x) => x + 1), 700);
    return () => clearInterval(t);
  }, [busy]);
  // Stable: the table's columns (and every callback built on this) are not rebuilt at each render.
  const refresh = useCallback(() => setTick((x) => x + 1), []);
  return [status, refresh];
}

export function timeLeft(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}
