import { useEffect, useState } from 'react';
import type { Notice } from '../../../shared/methods/health';
import { api } from '../api';
import './notices.css';

/**
 * What the library has to tell the user (a backup restored after damage, a failed backup),
 * until they dismiss it. Written by whichever process found it; shown as plain text.
 */
export function NoticeBanner({ revision }: { revision: number }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let live = true;
    api.listNotices({}).then((r) => live && setNotices(r.notices), () => {});
    return () => {
      live = false;
    };
  }, [revision]);

  if (notices.length === 0) return null;
  const dismiss = (id: number) => {
    setNotices((n) => n.filter((x) => x.id !== id));
    void api.dismissNotice({ id }).catch(() => {});
  };
  return (
    <div className="notices">
      {notices.map((n) => (
        <section key={n.id} className={`notice notice-${n.level}`} role={n.level === 'info' ? 'status' : 'alert'} aria-labelledby={`notice-${n.id}`}>
          <div className="notice-text">
            <h2 id={`notice-${n.id}`}>{n.title}</h2>
            <p>{n.message}</p>
          </div>
          <button type="button" onClick={() => dismiss(n.id)} aria-label={`Dismiss: ${n.title}`}>
            Dismiss
          </button>
        </section>
      ))}
    </div>
  );
}
