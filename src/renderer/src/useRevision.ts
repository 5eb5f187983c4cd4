import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

/** Polls the library's revision so changes made by other processes show up within seconds. */
export function useRevision(intervalMs = 1500): [number, () => void, boolean] {
  const [revision, setRevision] = useState(0);
  const [indexing, setIndexing] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    const poll = () =>
      api
        .revision({})
        .then((r) => {
          if (!live) return;
          setRevision(r.revision);
          setIndexing(r.indexing);
        })
        .catch(() => {});
    void poll();
    const t = setInterval(poll, intervalMs);
    return () => {
      live = false;
      clearInterval(t);
    };
  }, [intervalMs, tick]);
  // Stable, so components given it do not re-render for nothing.
  const refresh = useCallback(() => setTick((x) => x + 1), []);
  return [revision, refresh, indexing];
}
