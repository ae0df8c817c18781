import { type AdminClient, createAdminClient } from '@tripswitch/sdk/admin';
import { startServer } from '../../support/app.ts';

/** A real Tripswitch server from the shared harness (its own cloned Postgres database). */
export interface TestServer {
  url: string;
  adminToken: string;
  /** An API client acting "behind the page's back", as automation would. */
  api: AdminClient;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const server = await startServer();
  return {
    url: server.url,
    adminToken: server.adminToken,
    api: createAdminClient({ url: server.url, token: server.adminToken, source: 'api' }),
    close: async () => {
      // Every client is gone by now; a socket one of them opened but never used (Node's
      // closeIdleConnections leaves those) would hold the close for a minute otherwise.
      const closing = server.close();
      server.app.server.closeAllConnections();
      await closing;
    },
  };
}
