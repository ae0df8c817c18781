import { type AdminClient, createAdminClient } from '@tripswitch/sdk/admin';
import { startServer, type TestAppOptions } from '../../support/app.ts';

/** A real Tripswitch server from the shared harness (its own cloned Postgres database). */
export interface TestServer {
  url: string;
  adminToken: string;
  /** An API client acting "behind the page's back", as automation would. */
  api: AdminClient;
  close(): Promise<void>;
}

/** `options` tune the server, e.g. short guardrail intervals for the trip-switch tests. */
export async function startTestServer(options: TestAppOptions = {}): Promise<TestServer> {
  const server = await startServer(options);
  return {
    url: server.url,
    adminToken: server.adminToken,
    api: createAdminClient({ url: server.url, token: server.adminToken, source: 'api' }),
    close: () => server.close(),
  };
}
