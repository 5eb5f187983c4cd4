import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { tagPapers } from '../library/bulk';
import { createTag, deleteTag, listTags, mergeTags, renameTag } from '../library/tags';
import { undoable } from '../library/undo';

type TagHandlers = Pick<Handlers, 'tagPapers' | 'listTags' | 'createTag' | 'renameTag' | 'mergeTags' | 'deleteTag'>;

export function tagHandlers({ db, now }: CoreContext): TagHandlers {
  const iso = () => now().toISOString();
  return {
    tagPapers: undoable(db, now, 'tags', (i, u) => tagPapers(db, u, i.add, i.remove)),
    listTags: () => listTags(db),
    createTag: (i) => createTag(db, i.name, iso()),
    renameTag: (i) => renameTag(db, i.id, i.name),
    mergeTags: (i) => mergeTags(db, i.from, i.into),
    deleteTag: (i) => deleteTag(db, i.id),
  };
}
