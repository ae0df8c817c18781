import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/app.ts';

const IDLE_MS = 400;
let server: TestServer;
let serverToken: string;
beforeAll(async () => {
  server = await startServer({ config: { idleTimeoutMs: IDLE_MS, headersTimeoutMs: IDLE_MS } });
  const created = await server.api({
    method: 'POST',
    url: '/api/v1/tokens',
    payload: { name: 'app', kind: 'server', environment: 'production' },
  });
  serverToken = created.json().secret;
});
afterAll(() => server.close());

function open(): Promise<Socket> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves with the milliseconds until the server ended `socket`. */
function closedAfter(socket: Socket): Promise<number> {
  const start = Date.now();
  return new Promise((resolve) => {
    socket.on('error', () => {});
    socket.once('close', () => resolve(Date.now() - start));
  });
}

describe('connections that hold a socket without a request', () => {
  it('are closed when they send nothing', async () => {
    const socket = await open();
    expect(await closedAfter(socket)).toBeLessThan(IDLE_MS * 10);
  });

  it('are closed when they send headers slower than the headers timeout allows', async () => {
    const socket = await open();
    const closed = closedAfter(socket);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    // A byte now and then keeps the socket from idling, but the headers never complete.
    const dribble = setInterval(() => socket.writable && socket.write('X-A: b\r\n'), IDLE_MS / 4);
    expect(await closed).toBeLessThan(IDLE_MS * 10);
    clearInterval(dribble);
  });

  it('leave SDK streams alone: a stream stays open well past the idle timeout', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/sdk/v1/stream`, {
      headers: { authorization: `Bearer ${serverToken}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    let ended = false;
    const drained = (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {}
      ended = true;
    })();
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 5));
    expect(ended).toBe(false);
    controller.abort();
    await drained;
  });
});
