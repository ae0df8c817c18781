// The evaluation engine: pure, synchronous, never throws, no I/O. Imports only types from the
// protocol, so it adds no TypeBox to browser bundles.
export { flagKind, flagVersion, listFlags, toSnapshot } from './accessors.ts';
export { applyChange } from './apply-change.ts';
export { bucketOf } from './bucketing.ts';
export { compileSnapshot } from './compile-snapshot.ts';
export { evaluate, evaluateAll } from './evaluate.ts';
export { PATTERN_INPUT_LIMIT } from './operators.ts';
export {
  BUCKET_COUNT,
  type ChangeResult,
  type CompiledSnapshot,
  type CompileResult,
  type EvaluationDetail,
  type Report,
  SUPPORTED_SCHEMA_VERSION,
} from './types.ts';
