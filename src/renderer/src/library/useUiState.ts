import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api';

/**
 * A UI value remembered per library (in the library's ui_state table, not the browser's storage:
 * `lectern serve` gets a new port, hence a new origin, at every launch). Changes apply at once and
 * are written after a short pause.
 */
export function useUiState<T>(key: string, initial: T, accept: (v: unknown) => T | null): [T, (v: T) => void, boolean] {
  const [value, setValue] = useState<T>(initial);
  const [loaded, setLoaded] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    let live = true;
    api
      .getUiState({ key })
      .then((r) => {
        if (!live) return;
        const v = r.value == null ? null : accept(r.value);
        if (v !== null) setValue(v);
        setLoaded(true);
      })
      .catch(() => live && setLoaded(true));
    return () => {
      live = false;
    };
    // `accept` is a pure parser given inline: the key is what the effect depends on.
  }, [key]);
  const set = useCallback(
    (v: T) => {
      setValue(v);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void api.setUiState({ key, value: v }).catch(() => {}), 400);
    },
    [key],
  );
  return [value, set, loaded];
}
