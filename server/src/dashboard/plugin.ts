import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { useDashboardHeaders } from '../infra/security-headers.ts';

/** Where `vite build` puts the dashboard, from this file. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

// Paths the server owns: a miss under them is the API's 404 (problem+json), never the app page.
const SERVER_PATHS = ['/api', '/sdk', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'];

function ownedByServer(path: string): boolean {
  return SERVER_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export interface DashboardOptions {
  /** The built dashboard; defaults to dashboard/dist in this repository. */
  root?: string;
}

/**
 * Serves the built dashboard from the API's origin: its files (hashed assets cached for a year,
 * index.html never), and index.html for every other GET a browser makes for a page, so client
 * routes such as /flags/new survive a reload. Server paths are never shadowed.
 */
export async function dashboardPlugin(app: FastifyInstance, options: DashboardOptions) {
  const root = options.root ?? DASHBOARD_DIST;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.warn(
      { root },
      'dashboard not built, so not served: run `pnpm --filter @tripswitch/dashboard build`',
    );
    return;
  }
  await useDashboardHeaders(app);
  await app.register(fastifyStatic, {
    root,
    // One route per built file, so the SPA fallback below can own every other path.
    wildcard: false,
    index: false,
    cacheControl: false, // ours, from setHeaders
    setHeaders(res, path) {
      const immutable = path.startsWith(join(root, 'assets'));
      res.setHeader(
        'cache-control',
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });

  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    // A missing file (a dot in the last segment) or a server path gets the normal 404.
    if (ownedByServer(path) || lastSegment.includes('.')) return reply.callNotFound();
    return reply.sendFile('index.html');
  };
  app.get('/', page);
  app.get('/*', page);
}
