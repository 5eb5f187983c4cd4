import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { deleteDigest, listDigests } from '../library/digests';

type DigestHandlers = Pick<Handlers, 'listDigests' | 'deleteDigest'>;

export function digestHandlers({ db }: CoreContext): DigestHandlers {
  return {
    listDigests: () => listDigests(db),
    deleteDigest: (input) => deleteDigest(db, input.id, input.dryRun),
  };
}
