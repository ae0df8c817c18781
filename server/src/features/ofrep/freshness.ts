import type { FastifyInstance } from 'fastify';
import type { LiveEnvironment } from '../../propagation/live-environment.ts';

// A provider refetching on an event sends the event's ETag as flagConfigEtag (ADR-0008). The
// event may come from another instance than the one answering, which may not have the change
// yet: then this one reads the environment from Postgres before answering, instead of serving
// (or 304-ing) the revision it had. Bounded: one such read per environment per second, however
// many providers (or forged query strings) ask, and the answer waits at most WAIT_MS for it.

const MIN_INTERVAL_MS = 1_000;
const WAIT_MS = 2_000;

/** The revision an ETag names (`"12"`, `W/"12"` or `12`), or undefined for anything else. */
export function revisionOfEtag(etag: string | undefined): number | undefined {
  if (etag === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(etag.trim());
  return match ? Number(match[1]) : undefined;
}

export class Freshness {
  readonly #lastReload = new Map<string, number>();

  constructor(private readonly app: FastifyInstance) {}

  /** Resolves once `environment` is at `revision`, or when that cannot be had soon. */
  async atLeast(environment: LiveEnvironment, revision: number): Promise<void> {
    if (revision <= environment.revision) return;
    const now = Date.now();
    if (now - (this.#lastReload.get(environment.name) ?? 0) < MIN_INTERVAL_MS) return;
    this.#lastReload.set(environment.name, now);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, WAIT_MS);
      timer.unref();
    });
    const reloaded = this.app.propagation.environments.reload(environment.name, 'gap').then(
      () => undefined,
      (error: Error) => this.app.log.warn({ err: error }, 'OFREP freshness reload failed'),
    );
    await Promise.race([reloaded, waited]);
    clearTimeout(timer);
  }
}
