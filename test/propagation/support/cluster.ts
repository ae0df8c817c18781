import { randomBytes } from 'node:crypto';
import { type AdminClient, createAdminClient } from '@tripswitch/sdk/admin';
import { adminSecret } from '../../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { type Instance, startInstance } from './instance.ts';

export interface ClusterOptions {
  /** How many instances share the database (and Redis, when given). */
  instances: number;
  redisUrl?: string;
  /** Environment variables for every instance, or per instance. */
  env?: Record<string, string> | ((index: number) => Record<string, string>);
}

export interface Cluster {
  database: TestDatabase;
  adminToken: string;
  instances: Instance[];
  /** An admin client for instance `index`. */
  admin(index: number): AdminClient;
  /** A new SDK token of `kind` for production. */
  token(kind: 'server' | 'client'): Promise<string>;
  /** A boolean flag, on in production; created through instance `via`. */
  flag(key: string, via?: number): Promise<string>;
  /** The revision of production in Postgres, the source of truth. */
  revision(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Server processes on one cloned database; with Redis, on a channel prefix of their own, so
 * clusters of parallel test files never hear each other.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const database = await createTestDatabase();
  const adminToken = adminSecret();
  const redisPrefix = `tripswitch-test-${randomBytes(6).toString('hex')}`;
  const instances: Instance[] = [];
  const envOf = (index: number) =>
    typeof options.env === 'function' ? options.env(index) : (options.env ?? {});
  try {
    // One after the other: the first creates the admin token the others then find.
    for (let index = 0; index < options.instances; index++) {
      instances.push(
        await startInstance({
          databaseUrl: database.url,
          adminToken,
          ...(options.redisUrl && { redisUrl: options.redisUrl, redisPrefix }),
          env: envOf(index),
        }),
      );
    }
  } catch (error) {
    await Promise.all(instances.map((instance) => instance.kill()));
    await database.drop();
    throw error;
  }
  const admin = (index: number) =>
    createAdminClient({ url: (instances[index] as Instance).url, token: adminToken });
  return {
    database,
    adminToken,
    instances,
    admin,
    async token(kind) {
      const created = await admin(0).call('createToken', {
        body: {
          name: `${kind}-${randomBytes(3).toString('hex')}`,
          kind,
          environment: 'production',
        },
      });
      return created.secret;
    },
    async flag(key, via = 0) {
      await admin(via).call('createFlag', { body: { key } });
      await admin(via).call('enableFlag', { params: { flagKey: key, environment: 'production' } });
      return key;
    },
    async revision() {
      return (await admin(0).call('getEnvironment', { params: { environment: 'production' } }))
        .revision;
    },
    async close() {
      await Promise.all(instances.map((instance) => instance.kill()));
      await database.drop();
    },
  };
}
