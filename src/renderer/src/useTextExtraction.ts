import { useEffect, useState } from 'react';
import { api } from './api';

/** A line for the status bar while PDF text is being extracted in the background, else null. */
export function useTextExtraction(revision: number): string | null {
  const [line, setLine] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .textExtraction({})
      .then((t) => live && setLine(t.pending > 0 ? `reading the text of ${t.pending} PDF${t.pending === 1 ? '' : 's'} for search…` : null))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [revision]);
  return line;
}
