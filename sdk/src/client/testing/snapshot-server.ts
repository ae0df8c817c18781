import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the test server answers next: a snapshot body, a bare status, or nothing at all. */
export type Answer =
  | { snapshot: unknown }
  | { status: number; body?: string; headers?: Record<string, string> }
  | 'hang';

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// Like Tripswitch: ETag = the revision, 304 on a matching If-None-Match, no HTTP caching.
function reply(answer: Exclude<Answer, 'hang'>, ifNoneMatch: string | null | undefined): Reply {
  const headers: Record<string, string> = { 'cache-control': 'no-cache' };
  if ('status' in answer) {
    return {
      status: answer.status,
      headers: { ...headers, ...answer.headers },
      body: answer.body ?? '',
    };
  }
  const etag = `"${String((answer.snapshot as { revision?: unknown }).revision)}"`;
  headers.etag = etag;
  if (ifNoneMatch === etag) return { status: 304, headers, body: '' };
  headers['content-type'] = 'application/json';
  return { status: 200, headers, body: JSON.stringify(answer.snapshot) };
}

const STREAM_PATH = '/sdk/v1/stream';

/** The stream's `snapshot` event for an answer that is a snapshot. */
function snapshotEvent(answer: Answer): string | undefined {
  if (answer === 'hang' || !('snapshot' in answer)) return undefined;
  const { revision } = answer.snapshot as { revision?: unknown };
  return `id: ${String(revision)}\nevent: snapshot\ndata: ${JSON.stringify(answer.snapshot)}\n\n`;
}

/**
 * A real HTTP server on port 0 that serves `/sdk/v1/snapshot` and `/sdk/v1/stream` like Tripswitch
 * does (a snapshot answer is a snapshot event on the stream, sent again to open streams when the
 * answer changes) and records every request's headers, for the polling and client unit tests.
 */
export async function startSnapshotServer(initial: Answer) {
  let answer = initial;
  const requests: Array<Record<string, string | string[] | undefined>> = [];
  const streams = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    requests.push(request.headers);
    if (answer === 'hang') return;
    const event = snapshotEvent(answer);
    if (request.url === STREAM_PATH && event) {
      response.writeHead(200, { 'content-type': 'text/event-stream' }).write(event);
      streams.add(response);
      response.once('close', () => streams.delete(response));
      return;
    }
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
      // Open streams hear a new snapshot; any other answer ends them, and reconnects meet it.
      const event = snapshotEvent(next);
      for (const stream of streams) {
        if (event) stream.write(event);
        else stream.destroy();
      }
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
 * CORS and an HTTP cache that are not what those tests are about. A stream gets the snapshot event
 * and then stays open.
 */
export function memorySnapshotServer(initial: Answer) {
  let answer = initial;
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encode = (text: string) => new TextEncoder().encode(text);
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (answer === 'hang') return new Promise<Response>(() => {});
    const event = snapshotEvent(answer);
    if (String(input).endsWith(STREAM_PATH) && event) {
      let opened: ReadableStreamDefaultController<Uint8Array> | undefined;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          opened = controller;
          streams.add(controller);
          controller.enqueue(encode(event));
        },
        cancel: () => {
          if (opened) streams.delete(opened);
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }
    const ifNoneMatch = new Headers(init?.headers).get('if-none-match');
    const { status, headers, body } = reply(answer, ifNoneMatch);
    return new Response(status === 304 ? null : body, { status, headers });
  };
  return {
    url: 'http://tripswitch.test',
    platform: { fetch },
    answer(next: Answer) {
      answer = next;
      const event = snapshotEvent(next);
      for (const stream of streams) {
        if (event) stream.enqueue(encode(event));
        else {
          streams.delete(stream);
          stream.error(new Error('the test server went down'));
        }
      }
    },
  };
}
