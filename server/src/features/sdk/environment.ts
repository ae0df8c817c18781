import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../errors.ts';
import type { LiveEnvironment } from '../../propagation/live-environment.ts';

/** The live environment of the request's SDK token (authenticated before this runs). */
export async function liveEnvironmentOf(
  app: FastifyInstance,
  request: FastifyRequest,
): Promise<LiveEnvironment> {
  const name = request.principal?.environment as string;
  const environment = await app.propagation.environments.load(name);
  if (!environment) throw new NotFoundError(`No environment "${name}".`);
  return environment;
}
