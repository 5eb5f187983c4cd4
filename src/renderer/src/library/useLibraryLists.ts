import { useEffect, useState } from 'react';
import type { Tag } from '../../../shared/model';
import type { View } from '../../../shared/query';
import { api } from '../api';

/** Views and tags, refetched whenever the library changes. */
export function useLibraryLists(revision: number): { views: View[]; tags: Tag[] } {
  const [views, setViews] = useState<View[]>([]);
  const [tags, setTags] = useState<Tag[]>([]);
  useEffect(() => {
    let live = true;
    api.listViews({}).then((v) => live && setViews(v)).catch(() => {});
    api.listTags({}).then((t) => live && setTags(t)).catch(() => {});
    return () => {
      live = false;
    };
  }, [revision]);
  return { views, tags };
}
