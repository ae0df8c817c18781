import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startServer } from '../support/app.ts';

// Browsers and fetch pools open sockets ahead of use. Node keeps such a socket until its headers
// timeout (60 s), so without care one of them would hold a close, and a SIGTERM drain, that long.

function openSocket(url: string): Promise<Socket> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('closing the server', () => {
  it('ends a socket that connected but never sent a request, instead of waiting for its timeout', async () => {
    const server = await startServer();
    const unused = await openSocket(server.url);
    const ended = new Promise<void>((resolve) => unused.once('close', () => resolve()));
    // The test's own timeout (well under Node's 60 s headers timeout) is the assertion's bound.
    await server.close();
    await ended;
    expect(unused.destroyed).toBe(true);
  }, 15_000);

  it('lets a request in flight finish before its socket is ended', async () => {
    const server = await startServer();
    const body = JSON.stringify({ key: 'in-flight-at-close' });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(`${server.url}/api/v1/flags`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.adminToken}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      request.on('response', (answer) => {
        let text = '';
        answer.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: text }));
      });
      request.on('error', reject);
      // Half the body now, the rest once the close has begun: the request is in flight.
      request.write(body.slice(0, 5));
      setTimeout(() => request.end(body.slice(5)), 300);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close();
    const answer = await response;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body).key).toBe('in-flight-at-close');
    await closing;
  }, 15_000);
});
