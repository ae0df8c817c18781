import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

// Security headers by @fastify/helmet, registered per context (helmet does not encapsulate itself
// away, so each call applies to the routes of the context it is registered in). The SDK routes get
// none of it: they answer JSON and event streams to SDKs and browsers across origins, every polling
// SDK hits their 304 path, and no page is ever rendered from them.

/** The dashboard: our own bundle only, no inline script, never framed (the kill switch lives there). */
export async function useDashboardHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and recharts set styles through the DOM; no style sheet is inlined by the build.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Served over plain HTTP on a loopback or behind a proxy that owns TLS: HSTS is the proxy's.
    strictTransportSecurity: false,
  });
}

/** REST answers: JSON that no browser should render, frame or sniff. */
export async function useApiHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginResourcePolicy: false,
  });
}
