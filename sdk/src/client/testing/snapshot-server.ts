import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server answers next: a snapshot body, a bare status, or nothing at all. */
export type Answer = { snapshot: unknown } | { status: number; body?: string } | 'hang';

/**
 * A real HTTP server on port 0 that serves `/sdk/v1/snapshot` like Tripswitch does (ETag = the
 * revision, 304 on a matching If-None-Match) and records every request, for the polling unit tests.
 */
export async function startSnapshotServer(initial: Answer) {
  let answer = initial;
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    requests.push(request.headers);
    if (answer === 'hang') return;
    if ('status' in answer) {
      response.writeHead(answer.status).end(answer.body ?? '');
      return;
    }
    const revision = (answer.snapshot as { revision?: unknown }).revision;
    const etag = `"${String(revision)}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag }).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json', etag })
      .end(JSON.stringify(answer.snapshot));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(next: Answer) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
