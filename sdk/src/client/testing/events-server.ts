import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventsBatch } from '../../protocol/events.ts';

/** How the test server answers the next metrics batch: a status, or never. */
export type EventsAnswer = number | 'hang';

/**
 * A real HTTP server on port 0 that serves a snapshot on `/sdk/v1/snapshot` and records the
 * batches posted to `/sdk/v1/events`, answering them as told (204 by default).
 */
export async function startEventsServer(snapshot: unknown) {
  const batches: EventsBatch[] = [];
  const attempts: EventsBatch[] = [];
  let answers: EventsAnswer[] = [];
  let otherwise: EventsAnswer = 204;
  const server = createServer((request, response) => {
    if (request.url !== '/sdk/v1/events') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(snapshot));
      return;
    }
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    request.on('end', () => {
      const batch = JSON.parse(text) as EventsBatch;
      attempts.push(batch);
      const answer = answers.shift() ?? otherwise;
      if (answer === 'hang') return;
      if (answer < 300) batches.push(batch);
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Batches answered with a 2xx. */
    batches,
    /** Every batch posted, whatever the answer. */
    attempts,
    /** The answers to the next batches, in order; `otherwise` (204) after them. */
    answer(...next: EventsAnswer[]) {
      answers = next;
    },
    /** The answer once the queued ones are used up. */
    otherwise(answer: EventsAnswer) {
      otherwise = answer;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
