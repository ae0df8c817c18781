import { createServer, type ServerResponse } from 'node:http';

// The floor: a minimal Node HTTP server that writes one preformatted event to every open stream.
// POST /fire answers first, then writes (as Tripswitch answers a write, then fans out). GET
// /memory says what the process holds, for the memory floor; any other GET is a stream. Its port
// goes to stdout.

const streams = new Set<ServerResponse>();
let revision = 0;

const server = createServer((request, response) => {
  if (request.method === 'POST') {
    response.writeHead(204).end();
    revision++;
    const frame = Buffer.from(`id: ${revision}\nevent: change\ndata: {"revision":${revision}}\n\n`);
    for (const stream of streams) stream.write(frame);
    return;
  }
  if (request.url === '/memory') {
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    response.end(JSON.stringify({ rss, heap: heapUsed, heapTotal }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
  response.write('retry: 1000\n\n');
  streams.add(response);
  response.once('close', () => streams.delete(response));
});
server.listen(0, '127.0.0.1', 511, () => {
  process.stdout.write(`${JSON.stringify(server.address())}\n`);
});
