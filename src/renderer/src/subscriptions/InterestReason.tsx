import { useEffect, useState } from 'react';
import type { Paper } from '../../../shared/model';
import { api } from '../api';

/** In the side pane: why an unread paper is where it is in "For you" ("like: <title>"). */
export function InterestReason({ paper }: { paper: Paper }) {
  const [reason, setReason] = useState<string | null>(null);
  useEffect(() => {
    if (paper.status !== 'unread') return setReason(null);
    let live = true;
    api
      .explainInterest({ id: paper.id })
      .then((r) => live && setReason(r.reason))
      .catch(() => live && setReason(null));
    return () => {
      live = false;
    };
  }, [paper.id, paper.status, paper.interest]);
  if (!reason) return null;
  return (
    <p className="interest-reason note" aria-label="Why it is ranked here">
      For you: {reason}
    </p>
  );
}
