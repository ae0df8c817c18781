import { createAdminClient } from '@tripswitch/sdk/admin';
import { buildApp, parseConfig } from '@tripswitch/server';
import { startServer, type TestServer } from '../support/app.ts';
import { uniqueKey } from '../support/factories.ts';

/** Records every snapshot request the SDK makes: what it sent and what came back. */
export interface SnapshotExchange {
  ifNoneMatch: string | null;
  status: number;
  etag: string | null;
}

/** The global fetch, observed: the SDK's real requests go through unchanged. */
export function observedFetch() {
  const exchanges: SnapshotExchange[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await globalThis.fetch(input, init);
    exchanges.push({
      ifNoneMatch: new Headers(init?.headers).get('if-none-match'),
      status: response.status,
      etag: response.headers.get('etag'),
    });
    return response;
  };
  return { fetch, exchanges };
}

/**
 * A real Tripswitch server on a cloned database, an admin client, and a server SDK token for
 * `production`. `flag()` creates a boolean flag that is on in production.
 */
export async function liveTripswitch() {
  const server = await startServer();
  const admin = createAdminClient({ url: server.url, token: server.adminToken });
  const created = await admin.call('createToken', {
    body: { name: uniqueKey('sdk'), kind: 'server', environment: 'production' },
  });
  const replicas: Array<Awaited<ReturnType<typeof buildApp>>> = [];
  return {
    server,
    admin,
    sdkKey: created.secret,
    tokenId: created.token.id,
    async flag(key = uniqueKey('flag')) {
      await admin.call('createFlag', { body: { key } });
      await admin.call('enableFlag', { params: { flagKey: key, environment: 'production' } });
      return key;
    },
    kill: (flagKey: string) =>
      admin.call('killFlag', { params: { flagKey, environment: 'production' } }),
    /** Another server process on the same database, listening on `port` (0: any free port). */
    async replica(port = 0) {
      const app = await buildApp(replicaConfig(server));
      replicas.push(app);
      const url = await app.listen({ port, host: '127.0.0.1' });
      return { app, url, admin: createAdminClient({ url, token: server.adminToken }) };
    },
    async close() {
      for (const app of replicas) await app.close();
      await server.close();
    },
  };
}

function replicaConfig(server: TestServer) {
  return {
    ...parseConfig({}),
    databaseUrl: server.database.url,
    adminToken: server.adminToken,
    logLevel: 'silent' as const,
  };
}

/** The port a server URL listens on. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}
