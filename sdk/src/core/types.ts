import type {
  ErrorCode,
  Reason,
  ROLLOUT_TOTAL as WIRE_ROLLOUT_TOTAL,
  SCHEMA_VERSION as WIRE_SCHEMA_VERSION,
} from '../protocol/index.ts';
import type { CompiledFlag, CompiledSegment } from './model.ts';

// The protocol's constants live next to TypeBox schemas; importing their values would pull
// TypeBox (~48 KB) into browser bundles. These copies are typed as the protocol's literal types,
// so the typecheck fails the day the wire values change.
/** The newest snapshot major version this SDK understands. */
export const SUPPORTED_SCHEMA_VERSION: typeof WIRE_SCHEMA_VERSION = 1;
/** A rollout's weights sum to this (units of 0.001%); buckets run from 0 to ROLLOUT_TOTAL - 1. */
export const BUCKET_COUNT: typeof WIRE_ROLLOUT_TOTAL = 100000;

/** A snapshot compiled for evaluation: rules pre-compiled (regexes, sets, parsed semvers and dates). */
export interface CompiledSnapshot {
  /** The environment the snapshot belongs to. */
  readonly environment: string;
  /** The environment revision the snapshot reflects (also its ETag and SSE event id). */
  readonly revision: number;
  /** The wire schema version the snapshot was written in. */
  readonly schemaVersion: number;
  /** Compiled flags by key; internal to the evaluation core. */
  readonly flags: ReadonlyMap<string, CompiledFlag>;
  /** Compiled segments by key; internal to the evaluation core. */
  readonly segments: ReadonlyMap<string, CompiledSegment>;
  /**
   * Every flag key, in order, with no value: evaluateAll clones it, because filling existing
   * properties is several times faster than adding 100 properties one by one. Internal.
   */
  readonly resultSlots: Readonly<Record<string, undefined>>;
}

/** The outcome of compiling a snapshot: a snapshot ready to evaluate, or why it was refused. */
export type CompileResult =
  | { ok: true; snapshot: CompiledSnapshot }
  | { ok: false; reason: string };

/** The outcome of applying a change event to a compiled snapshot. */
export type ChangeResult =
  /** The new snapshot, and the keys of the flags and segments whose evaluation may have changed. */
  | { kind: 'applied'; snapshot: CompiledSnapshot; flags: string[]; segments: string[] }
  /** The event is at or below the current revision: ignore it. */
  | { kind: 'stale' }
  /** The current revision is below the event's base revision: refetch the snapshot. */
  | { kind: 'gap' }
  /** The event is malformed or for another environment; the current snapshot still holds. */
  | { kind: 'invalid'; reason: string };

/** The full result of evaluating one flag for one context. */
export interface EvaluationDetail<T = unknown> {
  /** The flag that was evaluated. */
  flagKey: string;
  /** The value served: the variant's value, or the caller's default when the reason is ERROR. */
  value: T;
  /** The key of the variant served; absent on errors. */
  variant?: string;
  /** Why this value was served (OpenFeature's reasons). */
  reason: Reason;
  /** Index of the matched rule in the flag's rules, when a rule matched. */
  ruleIndex?: number;
  /** Id of the matched rule, when a rule matched. */
  ruleId?: string;
  /** What went wrong, when the reason is ERROR. */
  errorCode?: ErrorCode;
  /** A one-line explanation of the error, for logs. */
  errorMessage?: string;
  /** The version of the flag configuration that produced the result. */
  flagVersion?: number;
}

/** Receives one-line warnings found while compiling (unknown operator, invalid regex, unknown segment). */
export type Report = (message: string) => void;
