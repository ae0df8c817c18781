import { type EvaluationDetail, SUPPORTED_SCHEMA_VERSION } from '../../core/types.ts';
import type { ErrorCode, EvaluatedFlags, EvaluationResult } from '../../protocol/evaluation.ts';
import type { FlagKind } from '../../protocol/flag-config.ts';
import type { FeedStore } from '../feed.ts';
import { kindOf } from '../flag-kind.ts';
import type { StoreUpdate } from '../flag-store.ts';

/** Results the server evaluated, with the context they are for (a contextId): what is persisted. */
export interface ContextResults {
  context: string;
  evaluations: EvaluatedFlags;
}

/**
 * The results a browser client serves: those the server evaluated for the client's current
 * context. Results for another context are refused; for the same context they never move back to
 * an older revision. Evaluation reads them and never throws.
 */
export class EvaluationStore implements FeedStore {
  #served: ContextResults | undefined;
  #contextId: string;

  constructor(contextId: string) {
    this.#contextId = contextId;
  }

  /** The context whose results are wanted. */
  get contextId(): string {
    return this.#contextId;
  }

  /** Whether the results served are the current context's (after identify, until they arrive, not). */
  get current(): boolean {
    return this.#served?.context === this.#contextId;
  }

  get revision(): number | undefined {
    return this.#served?.evaluations.revision;
  }

  /** From now on only results for this context are accepted; the served ones stay until then. */
  identify(contextId: string): void {
    this.#contextId = contextId;
  }

  replace(input: unknown): StoreUpdate {
    const problem = invalidResults(input);
    if (problem !== undefined) return { outcome: 'invalid', reason: problem };
    const next = input as ContextResults;
    const served = this.#served;
    if (next.context !== this.#contextId) return { outcome: 'stale' };
    const sameSource =
      served?.context === next.context &&
      served.evaluations.environment === next.evaluations.environment;
    if (sameSource && next.evaluations.revision < served.evaluations.revision) {
      return { outcome: 'stale' };
    }
    this.#served = next;
    return { outcome: 'applied', flags: changedFlags(served?.evaluations, next.evaluations) };
  }

  /** Client streams carry no changes, only revisions: anything else means fetching anew. */
  change(): StoreUpdate {
    return { outcome: 'gap' };
  }

  serialized(): string | undefined {
    return this.#served && JSON.stringify(this.#served);
  }

  /** The detail of one flag, as the local evaluator would give it for this context. */
  detail<T>(flagKey: string, defaultValue: T, expected: FlagKind | undefined): EvaluationDetail<T> {
    const evaluations = this.#served?.evaluations;
    if (!evaluations) {
      return failure(flagKey, defaultValue, 'PROVIDER_NOT_READY', 'no results received yet');
    }
    const result = Object.hasOwn(evaluations.flags, flagKey)
      ? evaluations.flags[flagKey]
      : undefined;
    if (!result) {
      const message = `no flag "${flagKey}" in ${evaluations.environment}`;
      return failure(flagKey, defaultValue, 'FLAG_NOT_FOUND', message);
    }
    const { flagVersion } = result;
    // A server without `kind` in its results: an error's value tells nothing, a value its type.
    const kind = result.kind ?? (result.reason === 'ERROR' ? undefined : kindOf(result.value));
    if (expected !== undefined && kind !== undefined && kind !== expected) {
      const message = `flag "${flagKey}" serves ${kind} values, not ${expected}`;
      return failure(flagKey, defaultValue, 'TYPE_MISMATCH', message, flagVersion);
    }
    if (result.reason === 'ERROR') {
      const code = result.errorCode ?? 'GENERAL';
      const message = `the server could not evaluate flag "${flagKey}" for this context (${code})`;
      return failure(flagKey, defaultValue, code, message, flagVersion);
    }
    const detail: EvaluationDetail<T> = {
      flagKey,
      value: result.value as T,
      reason: result.reason,
    };
    if (result.variant !== undefined) detail.variant = result.variant;
    if (result.ruleIndex !== undefined) detail.ruleIndex = result.ruleIndex;
    if (result.ruleId !== undefined) detail.ruleId = result.ruleId;
    if (flagVersion !== undefined) detail.flagVersion = flagVersion;
    return detail;
  }

  /** Every flag's value (null for errors, like the local allFlags). */
  values(): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    const flags = this.#served?.evaluations.flags ?? {};
    for (const [key, result] of Object.entries(flags)) {
      values[key] = result.reason === 'ERROR' ? null : result.value;
    }
    return values;
  }
}

function failure<T>(
  flagKey: string,
  value: T,
  errorCode: ErrorCode,
  errorMessage: string,
  flagVersion?: number,
): EvaluationDetail<T> {
  const detail: EvaluationDetail<T> = { flagKey, value, reason: 'ERROR', errorCode, errorMessage };
  if (flagVersion !== undefined) detail.flagVersion = flagVersion;
  return detail;
}

/** Keys whose result differs, or that appeared or went: a new revision alone changes nothing. */
function changedFlags(before: EvaluatedFlags | undefined, after: EvaluatedFlags): string[] {
  if (!before) return Object.keys(after.flags);
  const changed = Object.keys(before.flags).filter((key) => !Object.hasOwn(after.flags, key));
  for (const [key, result] of Object.entries(after.flags)) {
    const old = Object.hasOwn(before.flags, key) ? before.flags[key] : undefined;
    if (!old || JSON.stringify(old) !== JSON.stringify(result)) changed.push(key);
  }
  return changed;
}

// The wire shape, checked by hand: TypeBox stays out of browser bundles. Unknown fields are
// ignored (changes within a major are additive).
function invalidResults(input: unknown): string | undefined {
  const record = input as Partial<ContextResults> | null;
  if (typeof record?.context !== 'string') return 'it names no context';
  const evaluations = record.evaluations as Partial<EvaluatedFlags> | null | undefined;
  if (typeof evaluations !== 'object' || evaluations === null) return 'it holds no results';
  const { schemaVersion, environment, revision, flags } = evaluations;
  if (!Number.isInteger(schemaVersion) || (schemaVersion as number) < 1) {
    return 'schemaVersion is not a positive integer';
  }
  if ((schemaVersion as number) > SUPPORTED_SCHEMA_VERSION) {
    return `schemaVersion ${schemaVersion} is newer than this SDK reads (${SUPPORTED_SCHEMA_VERSION}); upgrade it`;
  }
  if (typeof environment !== 'string') return 'environment is not a string';
  if (!Number.isInteger(revision) || (revision as number) < 0) return 'revision is not an integer';
  if (typeof flags !== 'object' || flags === null) return 'flags is not an object';
  for (const [key, result] of Object.entries(flags)) {
    if (!validResult(result)) return `flags.${key} is not an evaluation result`;
  }
  return undefined;
}

function validResult(result: EvaluationResult | null): boolean {
  if (typeof result !== 'object' || result === null || typeof result.reason !== 'string') {
    return false;
  }
  const optional = (value: unknown, type: string) => value === undefined || typeof value === type;
  return (
    optional(result.variant, 'string') &&
    optional(result.ruleId, 'string') &&
    optional(result.ruleIndex, 'number') &&
    optional(result.errorCode, 'string') &&
    optional(result.flagVersion, 'number') &&
    optional(result.kind, 'string')
  );
}
