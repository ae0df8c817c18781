import type { ChangeEvent } from '@tripswitch/sdk/protocol';
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

/** The seam for propagation: services' writes call it after every commit, and only then. */
export interface ChangeNotifier {
  /** A committed change, with the event SDKs get for it (null when they see nothing). */
  committed(change: CommittedChange, event: ChangeEvent | null): void;
  /** A token was revoked: every instance forgets it and closes its streams. */
  tokenRevoked(tokenId: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    changes: ChangeNotifier;
  }
}

/**
 * Publishes each committed change on the bus for the other instances, after applying it here
 * first, so a client reading from the instance it wrote through sees its own write.
 */
export const changesPlugin = fp(
  async (app: FastifyInstance) => {
    const log = app.log.child({ component: 'changes' });
    const suppressed = app.config.suppressPublishFor;
    app.decorate('changes', {
      committed(change, event) {
        log.debug({ change }, 'change committed');
        if (!event) return;
        // Test-only (TRIPSWITCH_TEST_SUPPRESS_PUBLISH): the change is committed and never
        // announced, not even here, as if its bus message were lost; anti-entropy must find it.
        if (suppressed !== undefined && change.flags.includes(suppressed)) return;
        const message = { type: 'change', event } as const;
        app.propagation.receive(message);
        void app.bus.publish(message);
      },
      tokenRevoked(tokenId) {
        const message = { type: 'token-revoked', tokenId } as const;
        app.propagation.receive(message);
        void app.bus.publish(message);
      },
    } satisfies ChangeNotifier);
  },
  { name: 'changes', dependencies: ['bus', 'propagation'] },
);
