import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { environmentService } from './service.ts';

export async function environmentRoutes(app: FastifyInstance) {
  const environments = environmentService({ db: app.db, changes: app.changes });
  route(app, api.listEnvironments, async () => ({ items: await environments.list() }));
  route(app, api.createEnvironment, async ({ body, request }) =>
    environments.create(request.actor, body),
  );
  route(app, api.getEnvironment, async ({ params }) => environments.get(params.environment));
  route(app, api.updateEnvironment, async ({ params, body, request }) =>
    environments.update(request.actor, params.environment, body),
  );
  route(app, api.deleteEnvironment, async ({ params, request }) =>
    environments.remove(request.actor, params.environment),
  );
}
