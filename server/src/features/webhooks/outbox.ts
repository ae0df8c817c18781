import type { WebhookEvent } from '@tripswitch/sdk/protocol';
import { asJson, type Tx } from '../../store/prisma.ts';

/** What every webhook body carries besides its event-specific fields. */
export interface WebhookNotice {
  environment: string;
  flagKey: string;
  [field: string]: unknown;
}

/**
 * Queues `event` for every webhook that wants it in this environment, inside the transaction that
 * records what happened: a notice is sent if and only if the change committed (an outbox).
 */
export async function enqueueWebhooks(
  tx: Tx,
  event: WebhookEvent,
  notice: WebhookNotice,
): Promise<void> {
  const webhooks = await tx.webhook.findMany({
    where: {
      events: { has: event },
      OR: [{ environments: { isEmpty: true } }, { environments: { has: notice.environment } }],
    },
    select: { id: true },
  });
  if (webhooks.length === 0) return;
  const payload = asJson({ event, occurredAt: new Date().toISOString(), ...notice });
  await tx.webhookDelivery.createMany({
    data: webhooks.map((webhook) => ({ webhookId: webhook.id, event, payload })),
  });
}
