// @tripswitch/sdk: local flag evaluation. The wire types users meet in the API are re-exported as
// types only, so importing this entry point never pulls TypeBox into a bundle.
export * from './client/index.ts';
export * from './core/index.ts';
export type {
  ChangeEvent,
  ErrorCode,
  EvaluatedFlags,
  EvaluationContext,
  EvaluationResult,
  FlagKind,
  Reason,
  Snapshot,
} from './protocol/index.ts';
