import { useEffect, useRef, useState, type ReactNode } from 'react';
import { formatCount } from '../format';

/** Checkboxes for a small set of values (status, PDF state), with counts when known. */
export function MultiSelectEditor<T extends string>(p: {
  legend: string;
  options: readonly T[];
  labels: Record<T, string>;
  counts?: Partial<Record<T, number>> | null;
  value: T[];
  onChange: (v: T[]) => void;
}) {
  return (
    <fieldset className="editor">
      <legend>{p.legend}</legend>
      {p.options.map((o) => (
        <label key={o} className="editor-option">
          <input
            type="checkbox"
            checked={p.value.includes(o)}
            onChange={(e) => p.onChange(e.target.checked ? [...p.value, o] : p.value.filter((x) => x !== o))}
          />
          <span>{p.labels[o]}</span>
          {p.counts?.[o] != null && <span className="count">{formatCount(p.counts[o]!)}</span>}
        </label>
      ))}
    </fieldset>
  );
}

/** Text a column contains; applied as the user pauses typing. */
export function TextEditor(p: { label: string; value: string; onChange: (v: string) => void; hint?: string }) {
  const [text, setText] = useState(p.value);
  // What was typed but not applied yet: applied when the editor closes (Escape, a click away).
  const pending = useRef<{ text: string; value: string; onChange: (v: string) => void }>({ text: p.value, value: p.value, onChange: p.onChange });
  pending.current = { text, value: p.value, onChange: p.onChange };
  useEffect(() => setText(p.value), [p.value]);
  useEffect(() => {
    if (text === p.value) return;
    const t = setTimeout(() => p.onChange(text), 250);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(
    () => () => {
      const { text: t, value, onChange } = pending.current;
      if (t !== value) onChange(t);
    },
    [],
  );
  return (
    <div className="editor">
      <label className="field">
        {p.label}
        <input type="text" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && p.onChange(text)} />
      </label>
      {p.hint && <p className="note">{p.hint}</p>}
    </div>
  );
}

/** From/to as dates or numbers; either side may stay empty. Refuses an empty range where it is typed. */
export function RangeEditor(p: {
  legend: string;
  type: 'date' | 'number';
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
  presets?: { label: string; from: string; to: string }[];
}) {
  const [from, setFrom] = useState(p.from);
  const [to, setTo] = useState(p.to);
  useEffect(() => {
    setFrom(p.from);
    setTo(p.to);
  }, [p.from, p.to]);
  const bad = from !== '' && to !== '' && (p.type === 'number' ? Number(from) > Number(to) : from > to);
  const apply = (f: string, t: string) => {
    setFrom(f);
    setTo(t);
    const empty = f !== '' && t !== '' && (p.type === 'number' ? Number(f) > Number(t) : f > t);
    if (!empty) p.onChange(f, t);
  };
  return (
    <fieldset className="editor">
      <legend>{p.legend}</legend>
      <div className="range">
        <label className="field">
          From
          <input type={p.type} min={p.type === 'number' ? 0 : undefined} value={from} onChange={(e) => apply(e.target.value, to)} aria-invalid={bad} />
        </label>
        <label className="field">
          To
          <input type={p.type} min={p.type === 'number' ? 0 : undefined} value={to} onChange={(e) => apply(from, e.target.value)} aria-invalid={bad} />
        </label>
      </div>
      {bad && <p className="error" role="alert">“From” is after “To”: nothing would match.</p>}
      {p.presets && (
        <div className="presets">
          {p.presets.map((x) => (
            <button key={x.label} type="button" onClick={() => apply(x.from, x.to)}>{x.label}</button>
          ))}
        </div>
      )}
    </fieldset>
  );
}

/** A list of choices with counts (tags, digests), filterable by name when long. */
export function ListEditor(p: {
  legend: string;
  items: { id: number; name: string; count?: number; extra?: string }[];
  value: number[];
  onChange: (v: number[]) => void;
  empty: string;
  children?: ReactNode;
}) {
  const [find, setFind] = useState('');
  const shown = p.items.filter((i) => i.name.toLowerCase().includes(find.trim().toLowerCase()));
  return (
    <fieldset className="editor">
      <legend>{p.legend}</legend>
      {p.items.length > 8 && <input type="search" aria-label={`Find ${p.legend.toLowerCase()}`} placeholder="Find…" value={find} onChange={(e) => setFind(e.target.value)} />}
      {p.children}
      <div className="editor-list">
        {shown.length === 0 && <p className="note">{p.items.length ? 'No match.' : p.empty}</p>}
        {shown.map((i) => (
          <label key={i.id} className="editor-option">
            <input type="checkbox" checked={p.value.includes(i.id)} onChange={(e) => p.onChange(e.target.checked ? [...p.value, i.id] : p.value.filter((x) => x !== i.id))} />
            <span className="editor-name">{i.name}</span>
            {i.extra && <span className="note">{i.extra}</span>}
            {i.count != null && <span className="count">{formatCount(i.count)}</span>}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Any / yes / no for a flag (starred, has a note). */
export function ToggleEditor(p: { legend: string; yes: string; no: string; value: boolean | null; onChange: (v: boolean | null) => void }) {
  const opts: [boolean | null, string][] = [[null, 'Any'], [true, p.yes], [false, p.no]];
  return (
    <fieldset className="editor">
      <legend>{p.legend}</legend>
      {opts.map(([v, label]) => (
        <label key={label} className="editor-option">
          <input type="radio" name={p.legend} checked={p.value === v} onChange={() => p.onChange(v)} />
          <span>{label}</span>
        </label>
      ))}
    </fieldset>
  );
}
