import { memo, type ReactNode } from 'react';
import { PDF_STATES, STATUSES, type PdfState, type Status, type Tag } from '../../../shared/model';
import type { LibraryQuery } from '../../../shared/query';
import type { Facets } from '../library/useFacets';
import { Popover } from '../library/Popover';
import { ListEditor, MultiSelectEditor, RangeEditor, TextEditor, ToggleEditor } from './editors';
import { formatCount } from '../format';
import './filters.css';

const STATUS_LABELS: Record<Status, string> = { unread: 'Unread', reading: 'Reading', read: 'Read' };
const PDF_LABELS: Record<PdfState, string> = { none: 'No PDF', queued: 'Queued', downloaded: 'Downloaded', failed: 'Failed' };

interface Props {
  query: LibraryQuery;
  onChange: (q: Partial<LibraryQuery>) => void;
  facets: Facets | null;
  tags: Tag[];
}

const range = (from?: string | number | null, to?: string | number | null) =>
  from != null && to != null ? (from === to ? `${from}` : `${from} – ${to}`) : from != null ? `≥ ${from}` : to != null ? `≤ ${to}` : '';
const list = (names: string[]) => (names.length <= 2 ? names.join(', ') : `${names[0]} +${names.length - 1}`);
const str = (v: string | number | null | undefined) => (v == null ? '' : String(v));
const orNull = (v: string) => (v === '' ? null : v);
const numOrNull = (v: string) => (v === '' ? null : Math.max(0, Math.round(Number(v))));

/**
 * One button per filterable column, showing its current value; each opens the editor for its
 * type: multi-select (status, PDF), text contains (title, authors), date ranges (published,
 * added, read), number range (upvotes), tags, digests, and yes/no flags (star, note).
 */
export const FilterBar = memo(FilterBarView, (a, b) => a.onChange === b.onChange && a.facets === b.facets && a.tags === b.tags && JSON.stringify({ ...a.query, search: null }) === JSON.stringify({ ...b.query, search: null }));

function FilterBarView({ query: q, onChange, facets, tags }: Props) {
  const tagName = (id: number) => tags.find((t) => t.id === id)?.name ?? `#${id}`;
  const digestName = (id: number) => facets?.digests.find((d) => d.id === id)?.name ?? `digest #${id}`;
  const year = new Date().getFullYear();
  const chips: { id: string; label: string; value: string; clear: Partial<LibraryQuery>; editor: (close: () => void) => ReactNode }[] = [
    {
      id: 'status',
      label: 'Status',
      value: list((q.statuses ?? []).map((s) => STATUS_LABELS[s])),
      clear: { statuses: null },
      editor: () => <MultiSelectEditor legend="Status" options={STATUSES} labels={STATUS_LABELS} counts={facets?.statuses} value={q.statuses ?? []} onChange={(v) => onChange({ statuses: v })} />,
    },
    {
      id: 'pdf',
      label: 'PDF',
      value: list((q.pdfStates ?? []).map((s) => PDF_LABELS[s])),
      clear: { pdfStates: null },
      editor: () => <MultiSelectEditor legend="PDF" options={PDF_STATES} labels={PDF_LABELS} counts={facets?.pdf} value={q.pdfStates ?? []} onChange={(v) => onChange({ pdfStates: v })} />,
    },
    {
      id: 'title',
      label: 'Title',
      value: q.title ? `“${q.title}”` : '',
      clear: { title: null },
      editor: () => <TextEditor label="Title contains" value={q.title ?? ''} onChange={(v) => onChange({ title: orNull(v.trim()) })} />,
    },
    {
      id: 'authors',
      label: 'Authors',
      value: q.authors ? `“${q.authors}”` : '',
      clear: { authors: null },
      editor: () => (
        <TextEditor label="Author name" value={q.authors ?? ''} onChange={(v) => onChange({ authors: orNull(v.trim()) })} hint="Names or their beginnings; accents do not matter. Papers whose authors are not known yet (only a count) never match." />
      ),
    },
    {
      id: 'published',
      label: 'Date',
      value: range(q.publishedFrom, q.publishedTo),
      clear: { publishedFrom: null, publishedTo: null },
      editor: () => (
        <RangeEditor
          legend="Published"
          type="date"
          from={str(q.publishedFrom)}
          to={str(q.publishedTo)}
          onChange={(f, t) => onChange({ publishedFrom: orNull(f), publishedTo: orNull(t) })}
          presets={[0, 1, 2].map((d) => ({ label: String(year - d), from: `${year - d}-01-01`, to: `${year - d}-12-31` }))}
        />
      ),
    },
    {
      id: 'upvotes',
      label: 'Upvotes',
      value: range(q.upvotesMin, q.upvotesMax),
      clear: { upvotesMin: null, upvotesMax: null },
      editor: () => (
        <RangeEditor
          legend="Upvotes"
          type="number"
          from={str(q.upvotesMin)}
          to={str(q.upvotesMax)}
          onChange={(f, t) => onChange({ upvotesMin: numOrNull(f), upvotesMax: numOrNull(t) })}
          presets={[{ label: 'Any upvote', from: '1', to: '' }, { label: '10 or more', from: '10', to: '' }]}
        />
      ),
    },
    {
      id: 'tags',
      label: 'Tags',
      value: q.untagged ? 'untagged' : list((q.tagIds ?? []).map(tagName)),
      clear: { tagIds: null, untagged: null },
      editor: () => (
        <ListEditor
          legend="Tags"
          items={(facets?.tags ?? tags).map((t) => ({ id: t.id, name: t.name, count: t.count }))}
          value={q.tagIds ?? []}
          onChange={(v) => onChange({ tagIds: v, untagged: null })}
          empty="No tags yet: select papers and press T."
        >
          <label className="editor-option">
            <input type="checkbox" checked={!!q.untagged} onChange={(e) => onChange({ untagged: e.target.checked || null, tagIds: null })} />
            <span className="editor-name">Untagged</span>
            {facets && <span className="count">{formatCount(facets.untagged)}</span>}
          </label>
        </ListEditor>
      ),
    },
    {
      id: 'digest',
      label: 'Digest',
      value: list((q.digestIds ?? []).map(digestName)),
      clear: { digestIds: null },
      editor: () => (
        <ListEditor
          legend="Digests"
          items={(facets?.digests ?? []).map((d) => ({ id: d.id, name: d.name, count: d.count, extra: d.unread ? `${d.unread} unread` : undefined }))}
          value={q.digestIds ?? []}
          onChange={(v) => onChange({ digestIds: v })}
          empty="No digests yet."
        />
      ),
    },
    {
      id: 'added',
      label: 'Added',
      value: range(q.addedFrom, q.addedTo),
      clear: { addedFrom: null, addedTo: null },
      editor: () => <RangeEditor legend="Added" type="date" from={str(q.addedFrom)} to={str(q.addedTo)} onChange={(f, t) => onChange({ addedFrom: orNull(f), addedTo: orNull(t) })} />,
    },
    {
      id: 'read',
      label: 'Read on',
      value: q.readPeriod ? `this ${q.readPeriod}` : range(q.readFrom, q.readTo),
      clear: { readFrom: null, readTo: null, readPeriod: null },
      editor: () => (
        <div>
          <RangeEditor legend="Read on" type="date" from={str(q.readFrom)} to={str(q.readTo)} onChange={(f, t) => onChange({ readFrom: orNull(f), readTo: orNull(t), readPeriod: null })} />
          <div className="presets">
            {(['today', 'week', 'month'] as const).map((p) => (
              <button key={p} type="button" aria-pressed={q.readPeriod === p} onClick={() => onChange({ readPeriod: q.readPeriod === p ? null : p, readFrom: null, readTo: null })}>
                {p === 'today' ? 'Today' : `This ${p}`}
              </button>
            ))}
          </div>
        </div>
      ),
    },
    {
      id: 'starred',
      label: 'Star',
      value: q.starred == null ? '' : q.starred ? 'starred' : 'not starred',
      clear: { starred: null },
      editor: () => <ToggleEditor legend="Star" yes={`Starred${facets ? ` (${facets.starred})` : ''}`} no="Not starred" value={q.starred ?? null} onChange={(v) => onChange({ starred: v })} />,
    },
    {
      id: 'note',
      label: 'Note',
      value: q.hasNote == null ? '' : q.hasNote ? 'with a note' : 'without',
      clear: { hasNote: null },
      editor: () => <ToggleEditor legend="Note" yes={`With a note${facets ? ` (${facets.withNotes})` : ''}`} no="Without a note" value={q.hasNote ?? null} onChange={(v) => onChange({ hasNote: v })} />,
    },
    {
      // Crossref's retraction notices (migration 010): the papers not to cite.
      id: 'retracted',
      label: 'Retracted',
      value: q.retracted == null ? '' : q.retracted ? 'retracted' : 'not retracted',
      clear: { retracted: null },
      editor: () => <ToggleEditor legend="Retracted" yes="Retracted" no="Not retracted" value={q.retracted ?? null} onChange={(v) => onChange({ retracted: v })} />,
    },
  ];
  const active = chips.filter((c) => c.value);
  return (
    <div className="filterbar" role="toolbar" aria-label="Column filters">
      {chips.map((c) => (
        <div key={c.id} className={`filter-chip${c.value ? ' active' : ''}`}>
          <Popover label={c.value ? <><span className="chip-label">{c.label}:</span> {c.value}</> : c.label} ariaLabel={c.value ? `${c.label} filter: ${c.value}` : `${c.label} filter`} title={`${c.label} filter`}>
            {c.editor}
          </Popover>
          {c.value && (
            <button type="button" className="chip-clear" aria-label={`Clear ${c.label} filter`} onClick={() => onChange(c.clear)}>×</button>
          )}
        </div>
      ))}
      {active.length > 1 && (
        <button type="button" className="link-button" onClick={() => onChange(Object.assign({}, ...active.map((c) => c.clear)))}>Clear all filters</button>
      )}
    </div>
  );
}
