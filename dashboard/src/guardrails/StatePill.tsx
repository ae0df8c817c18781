import { type GuardrailState, stateLabels } from './describe.ts';

/** A guardrail's state as a coloured word (colour is never the only cue). */
export function StatePill({ state }: { state: GuardrailState }) {
  return <span className={`pill state-${state}`}>{stateLabels[state]}</span>;
}
