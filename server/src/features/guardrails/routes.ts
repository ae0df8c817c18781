import { api } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { guardrailService } from './service.ts';
import { settleMsOf } from './watch.ts';

export async function guardrailRoutes(app: FastifyInstance) {
  const timing = { bucketMs: app.config.metricsBucketMs, settleMs: settleMsOf(app.config) };
  const guardrails = guardrailService({ db: app.db, timing });
  route(app, api.listGuardrails, async ({ params }) =>
    guardrails.list(params.flagKey, params.environment),
  );
  route(app, api.createGuardrail, async ({ params, body, request }) =>
    guardrails.create(request.actor, params.flagKey, params.environment, body),
  );
  route(app, api.getGuardrail, async ({ params }) =>
    guardrails.get(params.flagKey, params.environment, params.guardrailId),
  );
  route(app, api.updateGuardrail, async ({ params, body, request }) =>
    guardrails.update(request.actor, params.flagKey, params.environment, params.guardrailId, body),
  );
  route(app, api.deleteGuardrail, async ({ params, request }) =>
    guardrails.remove(request.actor, params.flagKey, params.environment, params.guardrailId),
  );
  route(app, api.replayGuardrail, async ({ params, body }) =>
    guardrails.replay(params.flagKey, params.environment, body),
  );
  route(app, api.rearmGuardrail, async ({ params, body, request }) =>
    guardrails.rearm(request.actor, params.flagKey, params.environment, params.guardrailId, body),
  );
}
