import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// Node's server.close() waits for every open socket, and closeIdleConnections() spares a socket
// that connected but never sent a request: Node counts it busy until its headers timeout (60 s).
// Browsers and fetch pools open such sockets ahead of use, so without this a close (and the
// SIGTERM drain) could hang for a minute. Once the app closes, a socket with no request in flight
// is destroyed at once, and every other one right after its last response.

const inFlight = new WeakMap<Socket, number>();

async function connections(app: FastifyInstance): Promise<void> {
  const sockets = new Set<Socket>();
  let closing = false;

  const endIfIdle = (socket: Socket) => {
    if (closing && !inFlight.get(socket)) socket.destroy();
  };

  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => {
      inFlight.set(socket, (inFlight.get(socket) ?? 1) - 1);
      endIfIdle(socket);
    });
  });

  app.addHook('preClose', async () => {
    closing = true;
    for (const socket of sockets) endIfIdle(socket);
  });
}

/** Lets a close end sockets that hold no request instead of waiting out their timeouts. */
export const connectionsPlugin = fp(connections, { name: 'connections' });
