import { useEffect, useRef } from 'react';
import { readFile, type ImportSource } from '../import/ImportDialog';

const isTyping = (t: EventTarget | null) => {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
};

/** A file dropped anywhere, or text pasted outside a text field, is offered for import. */
export function useDropAndPaste(enabled: boolean, onSource: (s: ImportSource) => void) {
  const live = useRef({ enabled, onSource });
  live.current = { enabled, onSource };
  useEffect(() => {
    const onDrop = async (e: DragEvent) => {
      e.preventDefault();
      const f = e.dataTransfer?.files?.[0];
      if (live.current.enabled && f) live.current.onSource(await readFile(f));
    };
    const onDragOver = (e: DragEvent) => e.preventDefault();
    const onPaste = (e: ClipboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (!live.current.enabled || (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA'))) return;
      const text = e.clipboardData?.getData('text/plain');
      if (text && text.trim()) live.current.onSource({ text, fileName: null });
    };
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('paste', onPaste);
    };
  }, []);
}

interface WindowKeys {
  undo: () => void;
  /** Keys 1–9: the n-th view (0-based); true when there was one. */
  view: (n: number) => boolean;
  /** Escape on the grid. */
  escape: () => void;
}

/** Views are a key away (1–9), and Ctrl/Cmd+Z undoes the last action, outside text fields. */
export function useWindowKeys(enabled: boolean, keys: WindowKeys) {
  const live = useRef({ enabled, keys });
  live.current = { enabled, keys };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { enabled: on, keys: k } = live.current;
      if (!on || isTyping(e.target)) return;
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        k.undo();
      } else if (!e.ctrlKey && !e.metaKey && !e.altKey && /^[1-9]$/.test(e.key)) {
        if (k.view(Number(e.key) - 1)) e.preventDefault();
      } else if (e.key === 'Escape' && (e.target as HTMLElement | null)?.getAttribute('role') === 'grid') k.escape();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
