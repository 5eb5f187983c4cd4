import { memo, useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { mayHaveMath, remember, texSegments, type TexSegment } from './tex-segments';

type Compile = typeof import('./katex-dom').compileFormula;

// KaTeX arrives in its own chunk, the first time a formula is on screen (or when the browser is
// idle); until then, and for any formula it cannot read, the source is shown as written.
let compile: Compile | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

/** Loads KaTeX once; every formula on screen is redrawn when it is there. */
export function loadMath(): Promise<void> {
  loading ??= import('./katex-dom')
    .then((m) => {
      compile = m.compileFormula;
      listeners.forEach((l) => l());
    })
    .catch(() => {}); // without KaTeX the sources stay: nothing is lost
  return loading;
}
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
const currentCompile = () => compile;

const segmentsOf = new Map<string, TexSegment[]>();

/**
 * A title or an abstract with its math drawn by KaTeX (`$\mathcal{V}$-Usable Information`).
 * Text without a delimiter is returned as it is, so the table's plain titles cost nothing more.
 * `display` lets `$$…$$` and `\[…\]` stand on their own line (abstracts); titles keep them inline.
 */
export const TexText = memo(function TexText({ text, display = false }: { text: string; display?: boolean }) {
  if (!mayHaveMath(text)) return text;
  const segments = remember(segmentsOf, text, 5000, () => texSegments(text));
  if (segments.length === 1 && segments[0]!.kind === 'text') return text;
  return segments.map((s, i) => (s.kind === 'text' ? s.text : <Formula key={i} tex={s.tex} source={s.source} display={display && s.display} />));
});

function Formula({ tex, source, display }: { tex: string; source: string; display: boolean }) {
  const compileNow = useSyncExternalStore(subscribe, currentCompile);
  useEffect(() => void loadMath(), []);
  const tree = compileNow ? compileNow(tex, display) : null;
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (tree && ref.current) ref.current.replaceChildren(tree.toNode());
  }, [tree]);
  if (!tree) return source;
  return <span ref={ref} className="math" />;
}
