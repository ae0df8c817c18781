import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { flagService } from './service.ts';

export async function flagRoutes(app: FastifyInstance) {
  const flags = flagService({ db: app.db, changes: app.changes });
  route(app, api.listFlags, async ({ query }) => flags.list(query));
  route(app, api.createFlag, async ({ body, request }) => flags.create(request.actor, body));
  route(app, api.getFlag, async ({ params }) => flags.get(params.flagKey));
  route(app, api.updateFlag, async ({ params, body, request }) =>
    flags.update(request.actor, params.flagKey, body),
  );
  route(app, api.archiveFlag, async ({ params, body, request }) =>
    flags.archive(request.actor, params.flagKey, body),
  );
  route(app, api.unarchiveFlag, async ({ params, body, request }) =>
    flags.unarchive(request.actor, params.flagKey, body),
  );
  route(app, api.deleteFlag, async ({ params, request }) =>
    flags.remove(request.actor, params.flagKey),
  );
}
