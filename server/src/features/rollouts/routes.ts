import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { rolloutService } from './service.ts';

export async function rolloutRoutes(app: FastifyInstance) {
  const rollouts = rolloutService({ db: app.db, changes: app.changes });
  route(app, api.getRollout, async ({ params }) =>
    rollouts.get(params.flagKey, params.environment),
  );
  route(app, api.startRollout, async ({ params, body, request }) =>
    rollouts.start(request.actor, params.flagKey, params.environment, body),
  );
  route(app, api.pauseRollout, async ({ params, body, request }) =>
    rollouts.pause(request.actor, params.flagKey, params.environment, body),
  );
  route(app, api.resumeRollout, async ({ params, body, request }) =>
    rollouts.resume(request.actor, params.flagKey, params.environment, body),
  );
  route(app, api.abortRollout, async ({ params, body, request }) =>
    rollouts.abort(request.actor, params.flagKey, params.environment, body),
  );
}
