import { randomBytes, randomUUID } from 'node:crypto';
import type {
  CreatedWebhook,
  CreateWebhookBody,
  PageQuery,
  Webhook,
  WebhookDelivery,
  WebhookEvent,
} from '@tripswitch/sdk/protocol';
import type { Actor } from '../../domain/actor.ts';
import { DEFAULT_LIMIT, numericCursor, pageOf } from '../../domain/page.ts';
import { NotFoundError } from '../../errors.ts';
import type * as Row from '../../store/prisma.ts';
import type { PrismaClient } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';

function toWebhook(row: Row.Webhook): Webhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events as WebhookEvent[],
    environments: row.environments,
    createdAt: row.createdAt.toISOString(),
  };
}

function toDelivery(row: Row.WebhookDelivery): WebhookDelivery {
  return {
    id: row.id.toString(),
    webhookId: row.webhookId,
    event: row.event as WebhookEvent,
    payload: row.payload,
    state: row.state as WebhookDelivery['state'],
    attempts: row.attempts,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

/** Webhooks: where guardrail trips and rollout progress are announced. */
export function webhookService({ db }: { db: PrismaClient }) {
  async function find(id: string): Promise<Row.Webhook> {
    const row = await db.webhook.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`No webhook "${id}".`);
    return row;
  }

  return {
    async list(): Promise<{ items: Webhook[] }> {
      const rows = await db.webhook.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
      return { items: rows.map(toWebhook) };
    },

    async create(actor: Actor, body: CreateWebhookBody): Promise<CreatedWebhook> {
      const secret = `whsec_${randomBytes(32).toString('base64url')}`;
      const row = await db.$transaction(async (tx) => {
        const created = await tx.webhook.create({
          data: {
            id: randomUUID(),
            name: body.name,
            url: body.url,
            secret,
            events: body.events,
            environments: body.environments ?? [],
          },
        });
        await recordAudit(tx, actor, { action: 'webhook.created', after: toWebhook(created) });
        return created;
      });
      return { webhook: toWebhook(row), secret };
    },

    async remove(actor: Actor, id: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const row = await tx.webhook.findUnique({ where: { id } });
        if (!row) throw new NotFoundError(`No webhook "${id}".`);
        await tx.webhook.delete({ where: { id } });
        await recordAudit(tx, actor, { action: 'webhook.deleted', before: toWebhook(row) });
      });
    },

    async deliveries(id: string, query: PageQuery) {
      await find(id);
      const limit = query.limit ?? DEFAULT_LIMIT;
      const rows = await db.webhookDelivery.findMany({
        where: {
          webhookId: id,
          ...(query.cursor !== undefined && { id: { lt: numericCursor(query.cursor) } }),
        },
        orderBy: { id: 'desc' },
        take: limit + 1,
      });
      return pageOf(rows, limit, toDelivery, (row) => row.id.toString());
    },
  };
}
