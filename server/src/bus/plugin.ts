import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { memoryBus } from './memory.ts';
import { redisBus } from './redis.ts';
import type { Bus } from './types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    bus: Bus;
  }
}

/** Chooses the bus once, at start: Redis when REDIS_URL is set, in-process otherwise. */
export const busPlugin = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    const log = app.log.child({ component: 'bus' });
    const bus = config.redisUrl ? redisBus(config.redisUrl, config.redisPrefix, log) : memoryBus();
    log.info(
      config.redisUrl
        ? `using Redis pub/sub on channel ${config.redisPrefix}:changes`
        : 'using the in-process bus (one instance only)',
    );
    app.decorate('bus', bus);
    app.addHook('onClose', () => bus.close());
  },
  { name: 'bus' },
);
