import { memo } from 'react';
import type { Status, Tag } from '../../../shared/model';
import type { LibraryQuery, View } from '../../../shared/query';
import type { Facets } from '../library/useFacets';
import { formatCount } from '../format';
import { SubscriptionsSection } from '../subscriptions/SubscriptionsSection';
import './views.css';

interface Props {
  views: View[];
  activeView: View['id'] | null;
  /** True when the query was changed since the view was applied. */
  modified: boolean;
  onView: (v: View) => void;
  onDeleteView: (v: View) => void;
  onSaveView: () => void;
  query: LibraryQuery;
  onChange: (q: Partial<LibraryQuery>) => void;
  facets: Facets | null;
  tags: Tag[];
  onTriage: (digestId: number) => void;
  onDeleteDigest: (d: { id: number; name: string }) => void;
  onManageTags: () => void;
}

const STATUS_LABEL: Record<Status, string> = { unread: 'Unread', reading: 'Reading', read: 'Read' };
const n = (x: number | undefined | null) => (x == null ? '' : formatCount(x));

function toggleIn<T>(list: T[] | null | undefined, v: T): T[] {
  const l = list ?? [];
  return l.includes(v) ? l.filter((x) => x !== v) : [...l, v];
}

/**
 * Views (one click, or keys 1–9), then the facets of the current query: statuses, the newest
 * digests with their unread papers (and a triage pass through each), tags, years. Clicking a
 * facet toggles that filter.
 */
export const Sidebar = memo(SidebarView, (a, b) => {
  // The quick search is not shown here: typing in it must not re-render the sidebar.
  for (const k of Object.keys(a) as (keyof Props)[]) {
    if (k === 'query') continue;
    if (a[k] !== b[k]) return false;
  }
  return JSON.stringify({ ...a.query, search: null }) === JSON.stringify({ ...b.query, search: null });
});

function SidebarView(p: Props) {
  const q = p.query;
  const f = p.facets;
  const year = (y: string | null) => (y ? { publishedFrom: `${y}-01-01`, publishedTo: `${y}-12-31` } : null);
  return (
    <nav className="library-sidebar" aria-label="Views and facets">
      <section aria-labelledby="views-heading">
        <h2 id="views-heading">Views</h2>
        <ul className="facet-list">
          {p.views.map((v, i) => {
            const current = p.activeView === v.id;
            const review = v.id === 'needs-review';
            const unavailable = review && f?.needsReview === null;
            return (
              <li key={String(v.id)} className="view-item">
                <button
                  type="button"
                  className="facet"
                  aria-current={current ? 'true' : undefined}
                  aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
                  title={unavailable ? 'Papers whose arXiv match is unsure appear here once the resolve feature marks them.' : i < 9 ? `Key ${i + 1}` : undefined}
                  onClick={() => p.onView(v)}
                >
                  <span className="facet-name">{v.name}{current && p.modified ? ' •' : ''}</span>
                  {review && <span className="count">{unavailable ? '—' : n(f?.needsReview)}</span>}
                  {i < 9 && <kbd aria-hidden="true">{i + 1}</kbd>}
                </button>
                {!v.builtin && (
                  <button type="button" className="icon-button" aria-label={`Delete view ${v.name}`} onClick={() => p.onDeleteView(v)}>×</button>
                )}
              </li>
            );
          })}
        </ul>
        <button type="button" className="link-button" onClick={p.onSaveView}>Save current view…</button>
      </section>

      <SubscriptionsSection onQuery={p.onChange} />

      <section aria-labelledby="status-heading">
        <h2 id="status-heading">Status</h2>
        <ul className="facet-list">
          {(['unread', 'reading', 'read'] as const).map((s) => (
            <li key={s}>
              <button type="button" className="facet" aria-pressed={!!q.statuses?.includes(s)} onClick={() => p.onChange({ statuses: toggleIn(q.statuses, s) })}>
                <span className="facet-name">{STATUS_LABEL[s]}</span>
                <span className="count">{n(f?.statuses[s])}</span>
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="facet" aria-pressed={q.starred === true} onClick={() => p.onChange({ starred: q.starred ? null : true })}>
              <span className="facet-name">★ Starred</span>
              <span className="count">{n(f?.starred)}</span>
            </button>
          </li>
          <li>
            <button type="button" className="facet" aria-pressed={q.hasNote === true} onClick={() => p.onChange({ hasNote: q.hasNote ? null : true })}>
              <span className="facet-name">✎ With a note</span>
              <span className="count">{n(f?.withNotes)}</span>
            </button>
          </li>
        </ul>
      </section>

      <section aria-labelledby="digests-heading">
        <h2 id="digests-heading">Digests <span className="note">unread</span></h2>
        <ul className="facet-list">
          {(f?.digests ?? []).map((d) => (
            <li key={d.id} className="digest-item">
              <button
                type="button"
                className="facet"
                aria-pressed={!!q.digestIds?.includes(d.id)}
                onClick={() => p.onChange({ digestIds: toggleIn(q.digestIds, d.id) })}
                title={`${d.name} · ${d.date ?? d.importedAt.slice(0, 10)} · ${d.format} · ${n(d.papers)} papers, ${n(d.unread)} unread · ${n(d.count)} match the other filters`}
              >
                <span className="facet-name">{d.name}</span>
                <span className={`count${d.unread ? ' unread-count' : ''}`}>{n(d.unread)}</span>
                <span className="facet-detail">{d.date ?? d.importedAt.slice(0, 10)} · {d.format} · {n(d.papers)} papers · {n(d.unread)} unread</span>
              </button>
              {d.unread > 0 && (
                <button type="button" className="icon-button" aria-label={`Triage ${d.name}`} title="Triage its unread papers" onClick={() => p.onTriage(d.id)}>▶</button>
              )}
              <button type="button" className="icon-button" aria-label={`Delete digest ${d.name}`} title="Delete this digest" onClick={() => p.onDeleteDigest(d)}>×</button>
            </li>
          ))}
          {f && f.digestTotal > f.digests.length && <li className="note">and {n(f.digestTotal - f.digests.length)} older (Digest filter)</li>}
        </ul>
      </section>

      <section aria-labelledby="tags-heading">
        <h2 id="tags-heading">Tags</h2>
        <ul className="facet-list">
          {(f?.tags ?? p.tags).map((t) => (
            <li key={t.id}>
              <button type="button" className="facet" aria-pressed={!!q.tagIds?.includes(t.id)} onClick={() => p.onChange({ tagIds: toggleIn(q.tagIds, t.id), untagged: null })}>
                <span className="facet-name">{t.name}</span>
                <span className="count">{n(t.count)}</span>
              </button>
            </li>
          ))}
          {p.tags.length === 0 && <li className="note">Select papers and press T to tag them.</li>}
        </ul>
        <button type="button" className="link-button" onClick={p.onManageTags}>Manage tags…</button>
      </section>

      <section aria-labelledby="years-heading">
        <h2 id="years-heading">Years</h2>
        <ul className="facet-list">
          {(f?.years ?? []).map((y) => {
            const on = !!y.year && q.publishedFrom === `${y.year}-01-01` && q.publishedTo === `${y.year}-12-31`;
            return (
              <li key={y.year ?? 'none'}>
                <button
                  type="button"
                  className="facet"
                  aria-pressed={on}
                  disabled={!y.year}
                  onClick={() => p.onChange(on ? { publishedFrom: null, publishedTo: null } : year(y.year)!)}
                >
                  <span className="facet-name">{y.year ?? 'No date'}</span>
                  <span className="count">{n(y.count)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </section>
    </nav>
  );
}
