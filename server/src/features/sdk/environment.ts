import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../errors.ts';
import type { LiveEnvironment } from '../../propagation/live-environment.ts';

async function loaded(app: FastifyInstance, name: string): Promise<LiveEnvironment> {
  const environment = await app.propagation.environments.load(name);
  if (!environment) throw new NotFoundError(`No environment "${name}".`);
  return environment;
}

/**
 * The live environment of the request's SDK token (authenticated before this runs): at once when
 * this instance holds it (every request but an environment's first), else read from Postgres.
 */
export function liveEnvironmentOf(
  app: FastifyInstance,
  request: FastifyRequest,
): LiveEnvironment | Promise<LiveEnvironment> {
  const name = request.principal?.environment as string;
  return app.propagation.environments.get(name) ?? loaded(app, name);
}
