import type { Actor } from '../../domain/actor.ts';

/** Who writes a trip: recorded in the flag's versions and the audit log. */
export const GUARDRAIL_ACTOR: Actor = { name: 'guardrail', source: 'guardrail' };

/** Who advances a progressive rollout and completes it. */
export const SCHEDULE_ACTOR: Actor = { name: 'schedule', source: 'schedule' };
