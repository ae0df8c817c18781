import { useQuery } from '@tanstack/react-query';
import { deliveriesQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { QueryState } from '../ui/QueryState.tsx';

const REFRESH_MS = 5000;
const stateClass = { delivered: 'on', failed: 'off', pending: '' };

/** A webhook's latest deliveries, newest first, refreshed while shown (retries move them). */
export function DeliveryList({ webhookId }: { webhookId: string }) {
  const admin = useAdmin();
  const deliveries = useQuery({
    ...deliveriesQuery(admin, webhookId),
    refetchInterval: REFRESH_MS,
  });
  return (
    <QueryState query={deliveries}>
      {(page) =>
        page.items.length === 0 ? (
          <p className="muted">Nothing sent yet.</p>
        ) : (
          <ul className="diff" aria-label="Deliveries">
            {page.items.map((delivery) => (
              <li key={delivery.id}>
                <span className={`pill ${stateClass[delivery.state]}`}>{delivery.state}</span>{' '}
                <strong>{delivery.event}</strong> ·{' '}
                <time dateTime={delivery.createdAt}>
                  {new Date(delivery.createdAt).toLocaleString()}
                </time>{' '}
                · {delivery.attempts} {delivery.attempts === 1 ? 'attempt' : 'attempts'}
                {delivery.lastStatus !== null && ` · HTTP ${delivery.lastStatus}`}
                {delivery.lastError && ` · ${delivery.lastError}`}
                {delivery.state === 'pending' &&
                  delivery.nextAttemptAt &&
                  ` · next try ${new Date(delivery.nextAttemptAt).toLocaleTimeString()}`}
              </li>
            ))}
          </ul>
        )
      }
    </QueryState>
  );
}
