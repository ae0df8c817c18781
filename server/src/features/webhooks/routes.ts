import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { webhookService } from './service.ts';

export async function webhookRoutes(app: FastifyInstance) {
  const webhooks = webhookService({ db: app.db });
  route(app, api.listWebhooks, async () => webhooks.list());
  route(app, api.createWebhook, async ({ body, request }) => webhooks.create(request.actor, body));
  route(app, api.deleteWebhook, async ({ params, request }) =>
    webhooks.remove(request.actor, params.webhookId),
  );
  route(app, api.listWebhookDeliveries, async ({ params, query }) =>
    webhooks.deliveries(params.webhookId, query),
  );
}
