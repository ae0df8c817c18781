import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** What one committed transaction changed in one environment, at which revision. */
export interface CommittedChange {
  environment: string;
  revision: number;
  /** Keys of flags whose snapshot entry changed (created, edited, archived or unarchived). */
  flags: string[];
  /** Keys of segments created, edited or deleted. */
  segments: string[];
}

/** The seam for propagation: services call it after every commit, and only then. */
export interface ChangeNotifier {
  committed(change: CommittedChange): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    changes: ChangeNotifier;
  }
}

// For now committed changes are only logged; live propagation (bus, snapshots, stream) replaces
// this notifier with one that publishes, without touching the services.
export const changesPlugin = fp(
  async (app: FastifyInstance) => {
    const log = app.log.child({ component: 'changes' });
    app.decorate('changes', {
      committed(change) {
        log.debug({ change }, 'change committed');
      },
    } satisfies ChangeNotifier);
  },
  { name: 'changes' },
);
