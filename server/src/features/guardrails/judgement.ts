// The trip switch's judgement as the benchmarks and the property tests drive it: the pure
// evaluation and the sequential tests under it, with nothing of the store.
export { budgetOf } from './budget.ts';
export { evaluateGuardrail, type GuardrailRule, type SequenceData } from './evaluate.ts';
export { addBucket, LIFTS, mixture, rateEvidence, ratioEvidence } from './sequential.ts';
