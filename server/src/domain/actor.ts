import type { ChangeSource } from '@tripswitch/sdk/protocol';

/** Who made a change and through what: recorded in versions and the audit log. */
export interface Actor {
  /** `token:<token name>` for API calls; `tripswitch` for changes the server makes itself. */
  name: string;
  source: ChangeSource;
}

/** The actor of changes Tripswitch makes on its own, such as creating the first environments. */
export const SYSTEM_ACTOR: Actor = { name: 'tripswitch', source: 'api' };
