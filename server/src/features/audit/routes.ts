import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { auditService } from './service.ts';

export async function auditRoutes(app: FastifyInstance) {
  const audit = auditService({ db: app.db });
  route(app, api.listAudit, async ({ query }) => audit.list(query));
}
