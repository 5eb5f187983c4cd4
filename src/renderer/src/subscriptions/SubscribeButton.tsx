import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { SubscriptionSettings } from '../../../shared/methods/subscriptions';
import { api } from '../api';
import { SubscriptionDialog } from './SubscriptionDialog';
import './subscriptions.css';

/** On the first start: subscribe to a daily source right away, before any digest is in. */
export function SubscribeButton({ onSubscribed }: { onSubscribed: (message: string) => void }) {
  const [settings, setSettings] = useState<SubscriptionSettings | null>(null);
  return (
    <>
      <button type="button" onClick={() => api.subscriptionSettings({}).then(setSettings).catch(() => {})}>
        Subscribe to a daily source…
      </button>
      {settings &&
        createPortal(
          <SubscriptionDialog
            subscription={null}
            settings={settings}
            onClose={() => setSettings(null)}
            onSaved={(m) => {
              setSettings(null);
              onSubscribed(m);
            }}
          />,
          document.body,
        )}
    </>
  );
}
