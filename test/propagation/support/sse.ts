import { type ServerSentEvent, sseParser } from '../../../sdk/src/client/sse-parser.ts';

/** An open SSE stream read by a test: its status, and its events as they come. */
export interface EventReader {
  status: number;
  headers: Headers;
  /** Resolves with the next `count` events. */
  next(count: number): Promise<ServerSentEvent[]>;
  /** Resolves with the events up to and including the first that passes `done`. */
  until(done: (event: ServerSentEvent) => boolean): Promise<ServerSentEvent[]>;
  /** Resolves once the server has ended the stream, with the retry hints it sent. */
  ended(): Promise<number[]>;
  close(): void;
}

/** GETs an SSE endpoint with a token (and headers) and parses what arrives. */
export async function readEvents(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<EventReader> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, ...headers },
    signal: controller.signal,
  });
  const events: ServerSentEvent[] = [];
  const retries: number[] = [];
  let waiter: (() => void) | undefined;
  let finished = false;
  const parse = sseParser({
    event: (event) => events.push(event),
    retry: (ms) => retries.push(ms),
  });
  const pump = async () => {
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        parse(decoder.decode(chunk.value, { stream: true }));
        waiter?.();
      }
    } catch {
      // Aborted by close().
    }
    finished = true;
    waiter?.();
  };
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) void pump();
  const wait = async (ready: () => boolean) => {
    while (!ready()) {
      if (finished) throw new Error(`the stream ended after ${events.length} events`);
      await new Promise<void>((resolve) => {
        waiter = resolve;
      });
    }
  };
  let read = 0;
  return {
    status: response.status,
    headers: response.headers,
    async next(count) {
      await wait(() => events.length >= read + count);
      read += count;
      return events.slice(read - count, read);
    },
    async until(done) {
      let index = -1;
      await wait(() => {
        index = events.findIndex((event, i) => i >= read && done(event));
        return index !== -1;
      });
      const found = events.slice(read, index + 1);
      read = index + 1;
      return found;
    },
    async ended() {
      while (!finished) {
        await new Promise<void>((resolve) => {
          waiter = resolve;
        });
      }
      return retries;
    },
    close: () => controller.abort(),
  };
}
