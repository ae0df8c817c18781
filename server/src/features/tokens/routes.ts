import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { tokenService } from './service.ts';

export async function tokenRoutes(app: FastifyInstance) {
  const tokens = tokenService({ db: app.db, changes: app.changes });
  route(app, api.listTokens, async () => ({ items: await tokens.list() }));
  route(app, api.createToken, async ({ body, request }) => tokens.create(request.actor, body));
  route(app, api.revokeToken, async ({ params, request }) =>
    tokens.revoke(request.actor, params.tokenId),
  );
}
