import { useEffect, useState, type KeyboardEvent } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import type { Subscription, SubscriptionFilters, SubscriptionKind, SubscriptionSettings } from '../../../shared/methods/subscriptions';
import { api } from '../api';
import { Modal } from '../library/Modal';

type Preview = MethodOutput<'previewSubscription'>;

interface Props {
  /** null: a new subscription. */
  subscription: Subscription | null;
  settings: SubscriptionSettings;
  onClose: () => void;
  onSaved: (message: string) => void;
}

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
const KIND_LABEL: Record<SubscriptionKind, string> = { 'hf-daily': 'Hugging Face Daily Papers', arxiv: 'arXiv categories', feed: 'A feed (RSS, Atom, JSON Feed)' };

/**
 * Add or edit a subscription: the source, its filters, and a preview of what today's fetch would
 * bring with them (asked from the source as you type, after a pause; nothing is written). Also
 * the schedule's hour and whether the Inbox is ranked by your reading, which hold for all.
 */
export function SubscriptionDialog({ subscription, settings, onClose, onSaved }: Props) {
  const s = subscription;
  const [kind, setKind] = useState<SubscriptionKind>(s?.kind ?? 'hf-daily');
  const [target, setTarget] = useState(s?.target ?? '');
  const [name, setName] = useState(s?.name ?? '');
  const [keywords, setKeywords] = useState(s?.filters.keywords.join(', ') ?? '');
  const [exclude, setExclude] = useState(s?.filters.exclude.join(', ') ?? '');
  const [authors, setAuthors] = useState(s?.filters.authors.join(', ') ?? '');
  const [categories, setCategories] = useState(s?.filters.categories.join(', ') ?? '');
  const [minUpvotes, setMinUpvotes] = useState(s?.filters.minUpvotes?.toString() ?? '');
  const [max, setMax] = useState(s?.filters.max?.toString() ?? '');
  const [maxBy, setMaxBy] = useState<'upvotes' | 'interest'>(s?.filters.maxBy ?? 'upvotes');
  const [hour, setHour] = useState(settings.fetchHour);
  const [interest, setInterest] = useState(settings.interestEnabled);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const filters: SubscriptionFilters = {
    keywords: list(keywords),
    exclude: list(exclude),
    authors: list(authors),
    categories: list(categories),
    minUpvotes: kind === 'hf-daily' && minUpvotes.trim() ? Math.max(0, Math.floor(Number(minUpvotes))) || 0 : null,
    max: max.trim() && Number(max) >= 1 ? Math.floor(Number(max)) : null,
    maxBy,
  };
  const key = JSON.stringify({ kind, target, filters });
  const ready = kind === 'hf-daily' || target.trim() !== '';

  // The preview follows the form, half a second after the last change.
  useEffect(() => {
    if (!ready) return setPreview(null);
    let live = true;
    const t = setTimeout(() => {
      setPreviewing(true);
      api
        .previewSubscription({ kind, target: kind === 'hf-daily' ? null : target, filters })
        .then((p) => live && (setPreview(p), setError(null)))
        .catch((e: Error) => live && (setPreview(null), setError(e.message)))
        .finally(() => live && setPreviewing(false));
    }, 500);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // The key stands for kind, target and filters.
  }, [key]);

  const save = async () => {
    try {
      const input = { name: name.trim() || null, filters };
      const saved = s
        ? await api.updateSubscription({ id: s.id, ...input })
        : await api.addSubscription({ kind, target: kind === 'hf-daily' ? null : target, ...input });
      if (hour !== settings.fetchHour || interest !== settings.interestEnabled) await api.setSubscriptionSettings({ fetchHour: hour, interestEnabled: interest });
      onSaved(s ? `Saved ${saved.name}.` : `Subscribed to ${saved.name}; it is fetched now and every day at ${String(hour).padStart(2, '0')}:00.`);
      if (!s) void api.fetchSubscriptions({ ids: [saved.id] }).catch(() => {});
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = async () => {
    if (!s) return;
    try {
      await api.removeSubscription({ id: s.id });
      onSaved(`Unsubscribed from ${s.name}; its digests stay in the library.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  // The app's single-key shortcuts must not act behind the dialog.
  const keep = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') e.stopPropagation();
  };
  const kept = preview?.items.filter((i) => !i.dropped) ?? [];
  const dropped = preview?.items.filter((i) => i.dropped) ?? [];
  return (
    <Modal title={s ? `Edit ${s.name}` : 'Subscribe'} onClose={onClose} className="subscription-dialog">
      <div onKeyDown={keep}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <fieldset>
            <legend>Source</legend>
            <label>
              Kind{' '}
              <select value={kind} disabled={!!s} onChange={(e) => setKind(e.target.value as SubscriptionKind)}>
                {(Object.keys(KIND_LABEL) as SubscriptionKind[]).map((k) => <option key={k} value={k}>{KIND_LABEL[k]}</option>)}
              </select>
            </label>
            {kind !== 'hf-daily' && (
              <label>
                {kind === 'arxiv' ? 'Categories' : 'Feed URL'}{' '}
                <input value={target} disabled={!!s} placeholder={kind === 'arxiv' ? 'cs.CL+cs.LG' : 'https://…/feed.xml'} onChange={(e) => setTarget(e.target.value)} />
              </label>
            )}
            <label>
              Name <input value={name} placeholder="from the source" onChange={(e) => setName(e.target.value)} />
            </label>
          </fieldset>
          <fieldset>
            <legend>Keep only</legend>
            <label>Words in title or abstract <input value={keywords} placeholder="any of: agent, retrieval" onChange={(e) => setKeywords(e.target.value)} /></label>
            <label>Leave out words <input value={exclude} placeholder="none of: survey" onChange={(e) => setExclude(e.target.value)} /></label>
            <label>Authors <input value={authors} placeholder="any of" onChange={(e) => setAuthors(e.target.value)} /></label>
            <label>arXiv categories <input value={categories} placeholder="any of: cs.CL, cs.IR" onChange={(e) => setCategories(e.target.value)} /></label>
            {kind === 'hf-daily' && (
              <label>At least <input type="number" min={0} className="narrow" value={minUpvotes} onChange={(e) => setMinUpvotes(e.target.value)} /> upvotes</label>
            )}
            <label>
              At most <input type="number" min={1} className="narrow" value={max} placeholder="all" onChange={(e) => setMax(e.target.value)} /> a day, the best by{' '}
              <select value={maxBy} onChange={(e) => setMaxBy(e.target.value as 'upvotes' | 'interest')}>
                <option value="upvotes">upvotes</option>
                <option value="interest">interest (your reading)</option>
              </select>
            </label>
          </fieldset>
          <fieldset>
            <legend>For all subscriptions</legend>
            <label>
              Fetch every day at{' '}
              <select value={hour} onChange={(e) => setHour(Number(e.target.value))}>
                {Array.from({ length: 24 }, (_, h) => <option key={h} value={h}>{String(h).padStart(2, '0')}:00</option>)}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={interest} onChange={(e) => setInterest(e.target.checked)} /> Rank the Inbox by my reading (learned on this computer; nothing leaves it)
            </label>
          </fieldset>

          <section className="subscription-preview" aria-label="Preview" aria-busy={previewing}>
            <h3>
              {previewing ? 'Asking the source…' : preview ? `Today’s fetch would bring ${preview.kept} of ${preview.found}${preview.day ? ` (${preview.day})` : ''}` : 'Preview'}
              {preview && preview.filteredOut > 0 && <span className="note"> · {preview.filteredOut} filtered out</span>}
            </h3>
            {error && <p className="error" role="alert">{error}</p>}
            <ul>
              {kept.slice(0, 50).map((i, n) => (
                <li key={`k${n}`}>
                  {i.title}
                  <span className="note">{i.upvotes != null ? ` · ${i.upvotes} upvotes` : ''}{i.paperId ? ' · already in the library' : ''}</span>
                </li>
              ))}
              {dropped.slice(0, 50).map((i, n) => (
                <li key={`d${n}`} className="dropped">
                  {i.title} <span className="note">— left out: {i.dropped}</span>
                </li>
              ))}
            </ul>
          </section>

          <div className="actions">
            {s && <button type="button" className="unsubscribe" onClick={() => void remove()}>Unsubscribe</button>}
            <span className="spacer" />
            <button type="button" onClick={onClose}>Cancel</button>
            <button type="submit" className="primary" disabled={!ready}>{s ? 'Save' : 'Subscribe'}</button>
          </div>
        </form>
      </div>
    </Modal>
  );
}
