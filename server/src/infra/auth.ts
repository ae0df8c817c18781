import type { ChangeSource, TokenKind } from '@tripswitch/sdk/protocol';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../domain/actor.ts';
import { ForbiddenError, invalid, UnauthorizedError } from '../errors.ts';
import { hashSecret, sameHash } from '../features/tokens/secrets.ts';
import { AuthFailures, useAuthFailureStore } from './auth-limit.ts';
import { type CachedToken, type Principal, TokenCache } from './token-cache.ts';

export type { Principal } from './token-cache.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** An onRequest hook that admits only tokens of `kind` (or of any of the kinds listed). */
    authenticate(kind: TokenKind | readonly TokenKind[]): onRequestHookHandler;
    /** Valid tokens in memory; propagation removes revoked ones. */
    tokenCache: TokenCache;
  }
  interface FastifyRequest {
    principal: Principal | null;
    actor: Actor;
  }
}

const LAST_USED_RESOLUTION_MS = 60_000;
const CLIENT_SOURCES = new Set<ChangeSource>(['api', 'dashboard']);
const SOURCE_HEADER = 'x-tripswitch-source';

/** The bearer secret of the request, or undefined when it sent none (or not as a bearer token). */
function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

const MISSING_TOKEN = 'Send a token: "Authorization: Bearer <secret>".';

/** The secret of the request's bearer token; 401 without one. */
export function bearerSecret(request: FastifyRequest): string {
  const secret = bearerToken(request);
  if (secret === undefined) throw new UnauthorizedError(MISSING_TOKEN);
  return secret;
}

// `guardrail` and `schedule` mark changes Tripswitch makes itself; clients cannot claim them.
function changeSource(request: FastifyRequest): ChangeSource {
  const header = request.headers[SOURCE_HEADER];
  if (header === undefined) return 'api';
  if (typeof header === 'string' && CLIENT_SOURCES.has(header as ChangeSource)) {
    return header as ChangeSource;
  }
  throw invalid(
    [{ field: `/headers/${SOURCE_HEADER}`, message: 'must be "api" or "dashboard"' }],
    'X-Tripswitch-Source must be "api" or "dashboard"; other sources are reserved for Tripswitch.',
  );
}

/** Token authentication for the REST API (admin tokens) and the SDK endpoints (environment tokens). */
export const authPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('actor', null as unknown as Actor);

    /** Writes lastUsedAt, conditionally, so concurrent requests and instances write it once a minute at most. */
    async function touch(tokenId: string): Promise<void> {
      const staleBefore = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
      await app.db.token.updateMany({
        where: { id: tokenId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: new Date() },
      });
    }

    /** Off the request path: is the cached token still valid? Brings lastUsedAt up to date. */
    async function recheck({ principal, secretHash }: CachedToken) {
      const token = await app.db.token.findUnique({ where: { secretHash } });
      if (!token || token.revokedAt !== null || token.id !== principal.tokenId) return false;
      await touch(token.id);
      return true;
    }

    const cache = new TokenCache(LAST_USED_RESOLUTION_MS, recheck);
    app.decorate('tokenCache', cache);
    await useAuthFailureStore(app);
    const failures = new AuthFailures(app);
    const isFailure = (error: unknown) => error instanceof UnauthorizedError;

    /** A token not in the cache: read from Postgres, then remembered. */
    async function verify(hash: string): Promise<Principal> {
      const token = await app.db.token.findUnique({ where: { secretHash: hash } });
      if (!token || token.revokedAt !== null || !sameHash(token.secretHash, hash)) {
        throw new UnauthorizedError('The token is unknown or revoked.');
      }
      const staleBefore = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
      if (token.lastUsedAt === null || token.lastUsedAt < staleBefore) await touch(token.id);
      const principal: Principal = {
        tokenId: token.id,
        name: token.name,
        kind: token.kind as TokenKind,
        environment: token.environmentKey,
      };
      cache.remember(hash, principal);
      return principal;
    }

    app.decorate('authenticate', (kind: TokenKind | readonly TokenKind[]): onRequestHookHandler => {
      const kinds: readonly TokenKind[] = typeof kind === 'string' ? [kind] : kind;
      /** Sets the request's principal and actor; the error refusing it otherwise. */
      function admit(request: FastifyRequest, principal: Principal): Error | undefined {
        if (!kinds.includes(principal.kind)) {
          return new ForbiddenError(
            `This endpoint needs a ${kinds.join(' or ')} token; this is a ${principal.kind} token.`,
          );
        }
        request.principal = principal;
        request.actor = { name: `token:${principal.name}`, source: changeSource(request) };
        return undefined;
      }
      // A callback hook, not an async one: a cached token (every SDK request but the first) is
      // admitted without a promise or a microtask hop.
      return (request, reply, done) => {
        const secret = bearerToken(request);
        if (secret === undefined) {
          const missing = new UnauthorizedError(MISSING_TOKEN);
          failures.failed(request, reply, missing).catch(done);
          return;
        }
        // Looked up by the SHA-256 of the secret, never by the secret itself: the lookup's timing
        // depends only on a digest the caller cannot steer towards a stored one.
        const hash = hashSecret(secret);
        const cached = cache.lookup(hash);
        if (cached) {
          done(admit(request, cached.principal));
          return;
        }
        // Only a token not in the cache meets the failure limit: the hot path never waits on it.
        failures
          .guard(request, reply, () => verify(hash), isFailure)
          .then((principal) => admit(request, principal))
          .then(done, done);
      };
    });
  },
  { name: 'auth', dependencies: ['store', 'metrics'] },
);
