import type { FastifyBaseLogger } from 'fastify';
import type { PrismaClient } from '../../store/prisma.ts';
import { signDelivery } from './signature.ts';

/** Attempts before a delivery is given up (about 1.4 hours of retries at the 10 s default). */
export const MAX_ATTEMPTS = 10;
const MAX_DELAY_MS = 3_600_000;
const TIMEOUT_MS = 10_000;
const BATCH = 20;

export interface DeliveryDeps {
  db: PrismaClient;
  log: FastifyBaseLogger;
  /** The first retry delay; each later one doubles, up to an hour. */
  retryMs: number;
}

/** The delay before attempt `attempts + 1`, after `attempts` failures. */
export function retryDelay(retryMs: number, attempts: number): number {
  return Math.min(MAX_DELAY_MS, retryMs * 2 ** Math.min(attempts - 1, 30));
}

/**
 * Sends the deliveries that are due, a batch at a time, in parallel. At least once: an instance
 * that dies after sending and before recording it leaves the delivery to be sent again, so
 * receivers deduplicate on `X-Tripswitch-Delivery`. Returns how many were attempted.
 */
export async function deliverDue(deps: DeliveryDeps, now = new Date()): Promise<number> {
  const due = await deps.db.webhookDelivery.findMany({
    where: { state: 'pending', nextAttemptAt: { lte: now } },
    orderBy: { id: 'asc' },
    take: BATCH,
    include: { webhook: { select: { url: true, secret: true } } },
  });
  await Promise.all(
    due.map(async (delivery) => {
      const body = JSON.stringify(delivery.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      let status: number | null = null;
      let error: string | null = null;
      try {
        const response = await fetch(delivery.webhook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Tripswitch-Webhooks/1',
            'x-tripswitch-event': delivery.event,
            'x-tripswitch-delivery': delivery.id.toString(),
            'x-tripswitch-timestamp': String(timestamp),
            'x-tripswitch-signature': signDelivery(delivery.webhook.secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        status = response.status;
        await response.body?.cancel();
        if (!response.ok) error = `HTTP ${status}`;
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
      const attempts = delivery.attempts + 1;
      const delivered = error === null;
      const givenUp = !delivered && attempts >= MAX_ATTEMPTS;
      if (givenUp) deps.log.warn({ deliveryId: delivery.id.toString(), error }, 'webhook given up');
      await deps.db.webhookDelivery.update({
        where: { id: delivery.id },
        data: {
          attempts,
          lastStatus: status,
          lastError: error,
          state: delivered ? 'delivered' : givenUp ? 'failed' : 'pending',
          deliveredAt: delivered ? new Date() : null,
          nextAttemptAt:
            delivered || givenUp ? null : new Date(Date.now() + retryDelay(deps.retryMs, attempts)),
        },
      });
    }),
  );
  return due.length;
}
