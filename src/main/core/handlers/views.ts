import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { deleteView, listViews, saveView } from '../library/views';

export function viewHandlers({ db, now }: CoreContext): Pick<Handlers, 'listViews' | 'saveView' | 'deleteView'> {
  return {
    listViews: () => listViews(db),
    saveView: (i) => saveView(db, { id: i.id, name: i.name, query: i.query, columns: i.columns }, now().toISOString()),
    deleteView: (i) => deleteView(db, i.id),
  };
}
