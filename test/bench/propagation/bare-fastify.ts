import Fastify from 'fastify';

// The floor of the snapshot's 304 path: a bare Fastify route answering 304 with an ETag, logging
// as a benchmark instance of Tripswitch does (warnings only). Its port goes to stdout.

const app = Fastify({ logger: { level: 'warn' } });
app.get('/sdk/v1/snapshot', (_request, reply) => {
  reply.header('etag', '"1"').code(304).send();
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify(app.server.address())}\n`);
