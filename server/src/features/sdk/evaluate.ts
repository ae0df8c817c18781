import { evaluateAll, flagKind } from '@tripswitch/sdk/core';
import { type EvaluationResult, SCHEMA_VERSION, sdkApi } from '@tripswitch/sdk/protocol';
import type { FastifyInstance } from 'fastify';
import { route } from '../route.ts';
import { liveEnvironmentOf } from './environment.ts';
import { underPrefix } from './prefix.ts';

/**
 * Every flag evaluated for the posted context, on the server, by the SDK core from the in-memory
 * compiled snapshot: a browser gets results only, never the rules behind them.
 */
export function evaluateRoute(app: FastifyInstance): void {
  route(app, underPrefix(sdkApi.evaluate), async ({ request, body }) => {
    const environment = await liveEnvironmentOf(app, request);
    const compiled = environment.compiled;
    const flags: Record<string, EvaluationResult> = {};
    for (const [key, detail] of Object.entries(evaluateAll(compiled, body.context))) {
      const { value, variant, reason, ruleIndex, ruleId, errorCode, flagVersion } = detail;
      const kind = flagKind(compiled, key);
      flags[key] = { value, variant, reason, ruleIndex, ruleId, errorCode, flagVersion, kind };
    }
    return {
      schemaVersion: SCHEMA_VERSION,
      environment: environment.name,
      revision: compiled.revision,
      flags,
    };
  });
}
