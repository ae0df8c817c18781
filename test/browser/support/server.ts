import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type AdminClient, createAdminClient } from '@tripswitch/sdk/admin';
import pg from 'pg';
import { buildApp, parseConfig } from '../../../server/src/app.ts';

const POSTGRES = 'postgresql://postgres@127.0.0.1:5432';

/** A real Tripswitch server (real Postgres, fresh database) listening on a free port. */
export interface TestServer {
  url: string;
  adminToken: string;
  /** An API client acting "behind the page's back", as automation would. */
  api: AdminClient;
  close(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startTestServer(): Promise<TestServer> {
  const database = `tripswitch_browser_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  const adminToken = `tsa_${randomBytes(24).toString('hex')}`;
  const app = await buildApp(
    parseConfig({
      DATABASE_URL: `${POSTGRES}/${database}`,
      TRIPSWITCH_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
    }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    adminToken,
    api: createAdminClient({ url, token: adminToken, source: 'api' }),
    async close() {
      await app.close();
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}
