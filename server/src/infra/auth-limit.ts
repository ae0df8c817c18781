import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter } from 'prom-client';
import { AuthRateLimitedError } from '../errors.ts';

/** Client addresses whose failures are remembered at once (least recently failed forgotten first). */
const ADDRESSES_HELD = 10_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Failed authentication per client address (`request.ip`: see TRIPSWITCH_TRUST_PROXY), counted in
 * @fastify/rate-limit's store: at most `authFailureLimit` failures per `authFailureWindowMs`
 * (a fixed window from the first failure); past that, a request from that address with a token
 * this instance has not verified gets 429 with Retry-After and no database lookup. Only the
 * failure path ever calls it: a cached (valid) token never reaches it, so the SDK's hot path is
 * untouched and valid tokens are never counted.
 */
export class AuthFailures {
  readonly #limiter: Limiter;
  readonly #max: number;
  /** Lookups under way per address: a parallel burst is held to the limit too, not just a serial one. */
  readonly #pending = new Map<string, number>();
  readonly #failures: Counter;
  readonly #refused: Counter;

  constructor(app: FastifyInstance) {
    this.#limiter = app.createRateLimit();
    this.#max = app.config.authFailureLimit;
    this.#failures = new Counter({
      name: 'tripswitch_auth_failures_total',
      help: 'Requests refused with 401: no token, a malformed one, or one unknown or revoked',
      registers: [app.metricsRegistry],
    });
    this.#refused = new Counter({
      name: 'tripswitch_auth_rate_limited_total',
      help: 'Requests refused with 429 because their address had failed authentication too often',
      registers: [app.metricsRegistry],
    });
  }

  /**
   * Runs `lookup` (the database check of a token not in the cache) unless the address is over its
   * limit; a lookup that throws an `isFailure` error counts as a failure.
   */
  async guard<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    lookup: () => Promise<T>,
    isFailure: (error: unknown) => boolean,
  ): Promise<T> {
    const key = await this.#admit(request, reply, true);
    try {
      return await lookup();
    } catch (error) {
      if (isFailure(error)) await this.#fail(request);
      throw error;
    } finally {
      // Released only once a failure is counted: for that moment it counts twice, erring strict.
      const left = (this.#pending.get(key) ?? 1) - 1;
      if (left === 0) this.#pending.delete(key);
      else this.#pending.set(key, left);
    }
  }

  /** A request refused before any lookup (no token, a malformed header): a failure too. */
  async failed(request: FastifyRequest, reply: FastifyReply, error: Error): Promise<never> {
    await this.#admit(request, reply, false);
    await this.#fail(request);
    throw error;
  }

  /**
   * The address's key, or the 429 refusing it: its failures and lookups under way reach the limit.
   * An admitted lookup is counted as under way in the same step as the check, so a burst arriving
   * together cannot all pass it.
   */
  async #admit(request: FastifyRequest, reply: FastifyReply, lookup: boolean): Promise<string> {
    const state = await this.#limiter(request, { increment: false });
    if (state.isAllowed) return state.key;
    const failures = state.max - state.remaining;
    const pending = this.#pending.get(state.key) ?? 0;
    if (state.isExceeded || failures + pending >= this.#max) {
      this.#refused.inc();
      const seconds = Math.max(1, state.ttlInSeconds);
      reply.header('retry-after', String(seconds));
      throw new AuthRateLimitedError(
        `Too many failed authentications from this address; try again in ${seconds} s.`,
      );
    }
    if (lookup) this.#pending.set(state.key, pending + 1);
    return state.key;
  }

  async #fail(request: FastifyRequest): Promise<void> {
    await this.#limiter(request);
    this.#failures.inc();
  }
}

/** @fastify/rate-limit with no route of its own: only AuthFailures counts, and only failures. */
export async function useAuthFailureStore(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    max: app.config.authFailureLimit,
    timeWindow: app.config.authFailureWindowMs,
    cache: ADDRESSES_HELD,
  });
}
