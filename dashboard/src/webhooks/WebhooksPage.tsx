import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedWebhook, Webhook } from '@tripswitch/sdk/protocol';
import { useState } from 'react';
import { webhooksQuery } from '../api/queries.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { CopyButton } from '../ui/CopyButton.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { QueryState } from '../ui/QueryState.tsx';
import { DeliveryList } from './DeliveryList.tsx';
import { WebhookForm } from './WebhookForm.tsx';

/** Webhooks: where trips and rollout steps are sent, their recent deliveries, and a new one. */
export default function WebhooksPage() {
  const admin = useAdmin();
  const webhooks = useQuery(webhooksQuery(admin));
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  return (
    <div className="stack">
      <h1>Webhooks</h1>
      <p className="hint">
        Each delivery is a signed POST of JSON: <code>X-Tripswitch-Signature: sha256=…</code> is an
        HMAC-SHA256 with the webhook's secret over <code>timestamp.body</code>, the timestamp being{' '}
        <code>X-Tripswitch-Timestamp</code>. Failed deliveries are retried.
      </p>
      {created && (
        <div className="banner info stack" role="status">
          <p>
            <strong>Copy the signing secret of “{created.webhook.name}” now:</strong> it is not
            shown again.
          </p>
          <div className="row">
            <input
              readOnly
              aria-label="New webhook secret"
              value={created.secret}
              onFocus={(event) => event.target.select()}
            />
            <CopyButton text={created.secret} label="Copy the new webhook secret" />
            <button type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <QueryState query={webhooks}>
        {(items) => (
          <ul className="list" aria-label="Webhooks">
            {items.length === 0 && <li className="muted">No webhooks.</li>}
            {items.map((webhook) => (
              <WebhookItem key={webhook.id} webhook={webhook} />
            ))}
          </ul>
        )}
      </QueryState>
      <WebhookForm onCreated={setCreated} />
    </div>
  );
}

function WebhookItem({ webhook }: { webhook: Webhook }) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => admin.call('deleteWebhook', { params: { webhookId: webhook.id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
  async function askDelete() {
    const ok = await confirm({
      title: `Delete the webhook “${webhook.name}”?`,
      body: 'Nothing more is sent to it, and its pending deliveries are dropped.',
      confirmLabel: 'Delete webhook',
      danger: true,
    });
    if (ok) remove.mutate();
  }
  return (
    <li>
      <div className="primary-cell stack">
        <div>
          <strong>{webhook.name}</strong> <code>{webhook.url}</code>
          <p className="muted">
            {webhook.events.join(', ')} ·{' '}
            {webhook.environments.length > 0 ? webhook.environments.join(', ') : 'all environments'}
          </p>
        </div>
        {open && <DeliveryList webhookId={webhook.id} />}
        <ProblemBanner error={remove.error} />
      </div>
      <div className="row">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide deliveries' : 'Recent deliveries'}
        </button>
        <button type="button" onClick={askDelete} aria-label={`Delete ${webhook.name}`}>
          Delete
        </button>
      </div>
    </li>
  );
}
