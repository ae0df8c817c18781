import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { flagEnvironmentService } from './service.ts';

export async function flagEnvironmentRoutes(app: FastifyInstance) {
  const configs = flagEnvironmentService({ db: app.db, changes: app.changes });
  route(app, api.getFlagEnvironment, async ({ params }) =>
    configs.get(params.flagKey, params.environment),
  );
  route(app, api.updateFlagEnvironment, async ({ params, body, request }) =>
    configs.update(request.actor, params.flagKey, params.environment, body),
  );
  route(app, api.killFlag, async ({ params, body, request }) =>
    configs.kill(request.actor, params.flagKey, params.environment, body),
  );
  route(app, api.enableFlag, async ({ params, body, request }) =>
    configs.enable(request.actor, params.flagKey, params.environment, body),
  );
  route(app, api.listFlagVersions, async ({ params, query }) =>
    configs.listVersions(params.flagKey, params.environment, query),
  );
  route(app, api.getFlagVersion, async ({ params }) =>
    configs.getVersion(params.flagKey, params.environment, params.version),
  );
  route(app, api.rollbackFlag, async ({ params, body, request }) =>
    configs.rollback(request.actor, params.flagKey, params.environment, params.version, body),
  );
}
