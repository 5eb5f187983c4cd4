import { memo, type Dispatch, type RefObject } from 'react';
import type { Status } from '../../../shared/model';
import type { ColumnLayout } from '../../../shared/query';
import { ColumnMenu } from '../table/ColumnMenu';
import { LAYOUT_COLUMNS } from '../table/columns';
import { defaultLayout } from '../table/layout';
import { focusGrid } from '../table/LibraryTable';
import { statusRadio, type LibraryAction, type LibraryState } from './library-state';

const FILTERS: { value: Status | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'unread', label: 'Unread' },
  { value: 'reading', label: 'Reading' },
  { value: 'read', label: 'Read' },
];

interface Props {
  query: LibraryState['query'];
  screen: LibraryState['screen'];
  dispatch: Dispatch<LibraryAction>;
  searchRef: RefObject<HTMLInputElement | null>;
  /** No papers yet: only Import is offered. */
  empty: boolean;
  layout: ColumnLayout;
  onLayout: (l: ColumnLayout) => void;
  /** The newest digest with unread papers, for the Triage button. */
  triageDigest: { id: number; name: string } | null;
}

/** The window's top bar: the status filter, the quick search, and the buttons for the rest. */
export const Toolbar = memo(function Toolbar({ query, screen, dispatch, searchRef, empty, layout, onLayout, triageDigest }: Props) {
  const radio = statusRadio(query);
  const search = (text: string) => dispatch({ type: 'query', change: { search: text } });
  return (
    <header className="toolbar">
      <h1 className="brand">Lectern</h1>
      <div className="filters" role="radiogroup" aria-label="Status filter">
        {FILTERS.map((f) => (
          <button key={f.label} type="button" role="radio" aria-checked={radio === f.value} onClick={() => dispatch({ type: 'query', change: { statuses: f.value ? [f.value] : null } })}>
            {f.label}
          </button>
        ))}
      </div>
      <input
        ref={searchRef}
        className="search"
        type="search"
        placeholder="Search titles, abstracts, authors, notes, full text  ( / )"
        aria-label="Search"
        value={query.search ?? ''}
        onChange={(e) => search(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === 'ArrowDown') {
            e.preventDefault();
            focusGrid();
          }
          if (e.key === 'Escape') search('');
        }}
      />
      <span className="spacer" />
      {!empty && (
        <>
          <ColumnMenu columns={LAYOUT_COLUMNS} layout={layout} onLayout={onLayout} onReset={() => onLayout(defaultLayout(LAYOUT_COLUMNS))} />
          <button
            type="button"
            disabled={!triageDigest}
            title={triageDigest ? `Triage ${triageDigest.name}` : 'No unread papers'}
            onClick={() => triageDigest && dispatch({ type: 'show', screen: { kind: 'triage', digestId: triageDigest.id } })}
          >
            Triage
          </button>
          <button type="button" aria-pressed={screen.kind === 'stats'} onClick={() => dispatch({ type: 'show', screen: { kind: screen.kind === 'stats' ? 'table' : 'stats' } })}>
            Statistics
          </button>
          <button type="button" onClick={() => dispatch({ type: 'open-dialog', dialog: { kind: 'pdfs' } })}>PDFs…</button>
          <button type="button" onClick={() => dispatch({ type: 'open-dialog', dialog: { kind: 'export' } })}>Export…</button>
        </>
      )}
      <button type="button" className="primary" onClick={() => dispatch({ type: 'open-dialog', dialog: { kind: 'import', source: null } })}>Import…</button>
    </header>
  );
});
