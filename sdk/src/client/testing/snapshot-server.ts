import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server answers next: a snapshot body, a bare status, or nothing at all. */
export type Answer = { snapshot: unknown } | { status: number; body?: string } | 'hang';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// Like Tripswitch: ETag = the revision, 304 on a matching If-None-Match, no HTTP caching.
function reply(answer: Exclude<Answer, 'hang'>, ifNoneMatch: string | null | undefined): Reply {
  const headers: Record<string, string> = { 'cache-control': 'no-cache' };
  if ('status' in answer) return { status: answer.status, headers, body: answer.body ?? '' };
  const etag = `"${String((answer.snapshot as { revision?: unknown }).revision)}"`;
  headers.etag = etag;
  if (ifNoneMatch === etag) return { status: 304, headers, body: '' };
  headers['content-type'] = 'application/json';
  return { status: 200, headers, body: JSON.stringify(answer.snapshot) };
}

/**
 * A real HTTP server on port 0 that serves `/sdk/v1/snapshot` like Tripswitch does and records
 * every request's headers, for the polling and client unit tests.
 */
export async function startSnapshotServer(initial: Answer) {
  let answer = initial;
  const requests: Array<Record<string, string | string[] | undefined>> = [];
  const server = createServer((request, response) => {
    requests.push(request.headers);
    if (answer === 'hang') return;
    const { status, headers, body } = reply(answer, request.headers['if-none-match']);
    response.writeHead(status, headers).end(body);
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

/**
 * The same answers from an in-memory `fetch`, for tests in a simulated DOM, whose own fetch adds
 * CORS and an HTTP cache that are not what those tests are about.
 */
export function memorySnapshotServer(initial: Answer) {
  let answer = initial;
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    if (answer === 'hang') return new Promise<Response>(() => {});
    const ifNoneMatch = new Headers(init?.headers).get('if-none-match');
    const { status, headers, body } = reply(answer, ifNoneMatch);
    return new Response(status === 304 ? null : body, { status, headers });
  };
  return {
    url: 'http://tripswitch.test',
    platform: { fetch },
    answer(next: Answer) {
      answer = next;
    },
  };
}
