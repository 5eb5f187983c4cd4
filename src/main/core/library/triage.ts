import type { ReadableDB } from '../db/handles';
import { LecternError } from '../../../shared/errors';

/**
 * A digest's unread papers in the digest's own order, or "For you" (the interest rank, best
 * first; the digest's order among equals): the queue a triage pass works through.
 */
export function triageQueue(db: ReadableDB, digestId: number, order: 'digest' | 'interest' = 'digest'): { digest: { id: number; name: string; date: string | null; papers: number }; ids: number[] } {
  const digest = db
    .prepare('SELECT id, name, date, (SELECT count(*) FROM paper_digest WHERE digest_id = digest.id) AS papers FROM digest WHERE id = ?')
    .get(digestId) as { id: number; name: string; date: string | null; papers: number } | undefined;
  if (!digest) throw new LecternError('NOT_FOUND', `There is no digest #${digestId} in this library.`, `digest ${digestId}`);
  const ids = db
    .prepare(
      `SELECT pd.paper_id FROM paper_digest pd JOIN paper p ON p.id = pd.paper_id
       WHERE pd.digest_id = ? AND p.status = 'unread' ORDER BY ${order === 'interest' ? 'p.interest_rank DESC NULLS LAST, ' : ''}pd.rank`,
    )
    .pluck()
    .all(digestId) as number[];
  return { digest, ids };
}
