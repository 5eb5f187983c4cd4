import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { setNote } from '../library/notes';

export function noteHandlers({ db, now }: CoreContext): Pick<Handlers, 'setNote'> {
  return { setNote: (i) => setNote(db, i.id, i.note, now().toISOString()) };
}
