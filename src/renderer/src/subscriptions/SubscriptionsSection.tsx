import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { MethodOutput } from '../../../shared/contract';
import type { InterestStatus, Subscription } from '../../../shared/methods/subscriptions';
import type { LibraryQuery } from '../../../shared/query';
import { api } from '../api';
import { SubscriptionDialog } from './SubscriptionDialog';
import './subscriptions.css';

type Listing = MethodOutput<'listSubscriptions'>;

interface Props {
  /** Applies a query to the table ("For you": the unread papers, the most interesting first). */
  onQuery: (q: Partial<LibraryQuery>) => void;
}

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : 'never');

function state(s: Subscription): string {
  if (!s.enabled) return 'off';
  if (s.lastError) return `failing: ${s.lastError}${s.retryAt ? ` (next try ${time(s.retryAt)})` : ''}`;
  return s.lastOkAt ? `fetched ${time(s.lastOkAt)}` : 'not fetched yet';
}

/**
 * The sidebar's Subscriptions: each source with the papers it brought today, when it was last
 * fetched and why it fails if it does; Fetch now, Add, and a click to edit. Below, "For you": how
 * the Inbox is ranked (the interest model's state in a sentence) and the button that sorts by it.
 * It keeps itself current (the schedule fetches in the background) without the rest of the app.
 */
export function SubscriptionsSection({ onQuery }: Props) {
  const [list, setList] = useState<Listing | null>(null);
  const [interest, setInterest] = useState<InterestStatus | null>(null);
  const [editing, setEditing] = useState<Subscription | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(() => {
    api.listSubscriptions({}).then(setList).catch((e: Error) => setMessage(e.message));
    api.interestStatus({}).then(setInterest).catch(() => {});
  }, []);
  useEffect(() => {
    load();
    const t = setInterval(load, 10_000);
    return () => clearInterval(t);
  }, [load]);

  const fetchNow = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const { outcomes } = await api.fetchSubscriptions({});
      const added = outcomes.reduce((n, o) => n + o.added, 0);
      const failed = outcomes.filter((o) => !o.ok).length;
      setMessage(`${added} new paper${added === 1 ? '' : 's'}${failed ? `; ${failed} source${failed === 1 ? '' : 's'} failed` : ''}.`);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
      load();
    }
  };

  const subs = list?.subscriptions ?? [];
  return (
    <section aria-labelledby="subscriptions-heading" className="subscriptions">
      <h2 id="subscriptions-heading">Subscriptions</h2>
      <ul className="facet-list">
        {subs.map((s) => (
          <li key={s.id} className="subscription-item">
            <button type="button" className={`facet${s.lastError ? ' failing' : ''}`} onClick={() => setEditing(s)} title={`Edit ${s.name}`} aria-label={`${s.name}: ${s.newToday} new today, ${state(s)}`}>
              <span className="facet-name">{s.name}</span>
              <span className={`count${s.newToday ? ' unread-count' : ''}`}>{s.newToday || ''}</span>
              <span className={`facet-detail${s.lastError ? ' error' : ''}`}>{s.newToday ? `${s.newToday} new today · ` : ''}{state(s)}</span>
            </button>
          </li>
        ))}
        {list && subs.length === 0 && <li className="note">Follow HF Daily Papers, arXiv categories or any feed: new papers arrive by themselves every day.</li>}
      </ul>
      <div className="subscription-actions">
        <button type="button" className="link-button" onClick={() => setEditing('new')}>Add…</button>
        {subs.length > 0 && (
          <button type="button" className="link-button" disabled={busy || list?.fetching} onClick={() => void fetchNow()}>
            {busy || list?.fetching ? 'Fetching…' : 'Fetch now'}
          </button>
        )}
        {list && subs.length > 0 && <span className="note" title="The app and lectern serve fetch on start and every day at this hour">next {time(list.nextFetchAt)}</span>}
      </div>
      {message && <p className="note" role="status">{message}</p>}

      <div className="for-you">
        <button type="button" className="facet" onClick={() => onQuery({ statuses: ['unread'], sort: 'interest', desc: false })} title={interest?.reason}>
          <span className="facet-name">★ For you</span>
          <span className="count">{interest?.state === 'ready' ? 'ranked' : interest?.state === 'off' ? 'off' : `${Math.min(interest?.positives ?? 0, 10)}+${Math.min(interest?.negatives ?? 0, 10)}/20`}</span>
        </button>
        {interest && <p className="for-you-reason">{interest.reason}</p>}
      </div>

      {/* In a portal: the dialog is the page's, not styled as a part of the sidebar. */}
      {editing && list && createPortal(
        <SubscriptionDialog
          subscription={editing === 'new' ? null : editing}
          settings={list.settings}
          onClose={() => setEditing(null)}
          onSaved={(m) => {
            setEditing(null);
            setMessage(m);
            load();
          }}
        />,
        document.body,
      )}
    </section>
  );
}
