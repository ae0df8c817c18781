import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// The OpenAPI document is generated from the routes' TypeBox schemas (that is, from the protocol's
// endpoint table); Swagger UI's assets ship inside the package, so /docs works offline.

export const docsPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Tripswitch API',
          version: '1',
          description:
            'Feature flags with a kill switch. Admin tokens call /api/v1; server tokens read /sdk/v1. Errors are application/problem+json with a stable `code`.',
        },
        components: {
          securitySchemes: {
            bearer: {
              type: 'http',
              scheme: 'bearer',
              description: 'A token secret (tsa_, tss_ or tsc_...)',
            },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { validatorUrl: null } });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'docs' },
);
