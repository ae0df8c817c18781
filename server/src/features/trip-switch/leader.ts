import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';

/** The advisory lock only the elected instance holds (beside the keys in domain/write.ts). */
const LEADER_LOCK = 7270736910;

/**
 * Leader election on a Postgres session advisory lock, held on a dedicated connection: whoever
 * holds it runs the guardrail evaluator, the rollout scheduler and webhook delivery. If the leader
 * dies, its connection closes, Postgres releases the lock, and the next instance to try takes it.
 * While leading, each check proves the connection (and so the lock) is still there; an instance
 * that loses it steps down at once. For the moment two instances may both believe they lead, every
 * write they make is conditional on what they read, so a step or a trip is never done twice.
 */
export class Leadership {
  #client: pg.Client | undefined;
  #leading = false;

  constructor(
    private readonly connectionString: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  get leading(): boolean {
    return this.#leading;
  }

  /** Takes the lead if it is free, or confirms it is still held; returns whether this instance leads. */
  async check(): Promise<boolean> {
    try {
      const client = await this.#connect();
      if (this.#leading) {
        await client.query('SELECT 1');
        return true;
      }
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [LEADER_LOCK],
      );
      this.#leading = rows[0]?.locked === true;
      if (this.#leading) this.log.info('elected: this instance runs guardrails and rollouts');
      return this.#leading;
    } catch (error) {
      this.#drop(error);
      return false;
    }
  }

  /** Gives the lead up (on close), so another instance takes over without waiting. */
  async release(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#leading = false;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const client = new pg.Client({
      connectionString: this.connectionString,
      keepAlive: true,
      application_name: 'tripswitch-leader',
    });
    client.on('error', (error) => this.#drop(error));
    this.#client = client;
    await client.connect();
    return client;
  }

  #drop(error: unknown): void {
    if (this.#leading) this.log.warn({ err: error }, 'lost the leader lock; standing by');
    this.#leading = false;
    const client = this.#client;
    this.#client = undefined;
    client?.end().catch(() => {});
  }
}
