import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EvaluationContext, EvaluationResult } from '../../protocol/evaluation.ts';

/** What the server evaluates: every flag's result for a posted context. */
export type Evaluate = (context: EvaluationContext) => Record<string, EvaluationResult>;

/** One request the server saw. */
export interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The posted context, for evaluate requests. */
  context?: EvaluationContext;
}

/** A boolean result served by a plain variant (what a switched-on flag without rules gives). */
export const served = (value: unknown, variant = String(value)): EvaluationResult => ({
  value,
  variant,
  reason: 'STATIC',
  flagVersion: 1,
  kind: typeof value === 'object' ? 'json' : (typeof value as 'boolean' | 'string' | 'number'),
});

/**
 * A real HTTP server on port 0 answering client tokens like Tripswitch: `/sdk/v1/evaluate` gives
 * every flag's result for the posted context at the current revision, `/sdk/v1/client-stream` a
 * revision event on connect and on every `publish`. `status` makes both answer with it instead;
 * `hold` keeps evaluate requests waiting until `release`.
 */
export async function startEvaluationServer(evaluate: Evaluate, revision = 1) {
  const state = { evaluate, revision, status: 200, spreadMs: 0 };
  const requests: SeenRequest[] = [];
  const streams = new Set<ServerResponse>();
  let held: Array<() => void> | undefined;
  const ping = (response: ServerResponse) =>
    response.write(
      `id: ${state.revision}\nevent: revision\ndata: {"revision":${state.revision},"spreadMs":${state.spreadMs}}\n\n`,
    );

  const server = createServer((request, response) => {
    const path = request.url ?? '';
    // Like Tripswitch, any origin may call: so browsers (and happy-dom) can.
    response.setHeader('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'authorization, content-type, last-event-id',
      });
      return response.end();
    }
    if (path === '/sdk/v1/client-stream') {
      requests.push({ path, headers: request.headers });
      if (state.status !== 200) return response.writeHead(state.status).end();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      ping(response);
      streams.add(response);
      response.once('close', () => streams.delete(response));
      return;
    }
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      const { context } = JSON.parse(text || '{}') as { context: EvaluationContext };
      requests.push({ path, headers: request.headers, context });
      // Evaluated on arrival: a held answer is the revision of that moment, as a request out
      // while a change lands would be.
      const status = state.status;
      const body = JSON.stringify({
        schemaVersion: 1,
        environment: 'production',
        revision: state.revision,
        flags: state.evaluate(context),
      });
      const answer = () => {
        if (status !== 200) return response.writeHead(status).end();
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      };
      if (held) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The evaluate requests seen so far. */
    evaluations: () => requests.filter((request) => request.path === '/sdk/v1/evaluate'),
    /**
     * Moves to a new revision (with new results, if given) and pings every open stream, asking
     * for fetches spread over `spreadMs`.
     */
    publish(next: number, nextEvaluate: Evaluate = state.evaluate, spreadMs = 0) {
      state.revision = next;
      state.evaluate = nextEvaluate;
      state.spreadMs = spreadMs;
      for (const stream of streams) ping(stream);
    },
    /** Answers every request with this status from now on (200: as usual); others end streams. */
    answer(status: number) {
      state.status = status;
      if (status === 200) return;
      for (const stream of streams) stream.destroy();
      streams.clear();
    },
    /** Ends open streams cleanly, each after a retry hint. */
    endStreams(retryMs: number) {
      for (const stream of streams) stream.end(`retry: ${retryMs}\n\n`);
      streams.clear();
    },
    /** Evaluate requests wait from now on, until release. */
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const answer of waiting) answer();
    },
    openStreams: () => streams.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
