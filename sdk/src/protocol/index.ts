// The wire contract of Tripswitch, defined once in TypeBox: the server validates and serializes
// with these schemas, the SDK and the dashboard take their types from them.
export * from './endpoints.ts';
export * from './evaluation.ts';
export * from './events.ts';
export * from './flag-config.ts';
export * from './guardrail-endpoints.ts';
export * from './guardrails.ts';
export * from './keys.ts';
export * from './latency.ts';
export * from './ofrep.ts';
export * from './problem.ts';
export * from './requests.ts';
export * from './resources.ts';
export * from './snapshot.ts';
export * from './validate.ts';
