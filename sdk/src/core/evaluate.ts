import type { ErrorCode, EvaluationContext, FlagKind, Reason } from '../protocol/index.ts';
import { bucketAfter, keyText } from './bucketing.ts';
import { matchesCondition } from './conditions.ts';
import type { CompiledFlag, CompiledSegment, CompiledServe } from './model.ts';
import type { CompiledSnapshot, EvaluationDetail } from './types.ts';

const NO_CONTEXT: EvaluationContext = Object.freeze({});

/** Evaluates one flag; never throws; unknown flag or wrong kind gives the default with ERROR. */
export function evaluate<T>(
  snapshot: CompiledSnapshot | undefined,
  flagKey: string,
  context: EvaluationContext,
  defaultValue: T,
  expectedKind?: FlagKind,
): EvaluationDetail<T> {
  if (snapshot === undefined) {
    return failure(
      flagKey,
      defaultValue,
      'PROVIDER_NOT_READY',
      'no snapshot has been received yet',
    );
  }
  const flag = snapshot.flags.get(flagKey);
  if (flag === undefined) {
    return failure(
      flagKey,
      defaultValue,
      'FLAG_NOT_FOUND',
      `no flag "${flagKey}" in ${snapshot.environment}`,
    );
  }
  // A kind mismatch is a bug in the calling code, so it is reported whether the flag is on or off.
  if (expectedKind !== undefined && flag.kind !== expectedKind) {
    const message = `flag "${flagKey}" serves ${flag.kind} values, not ${expectedKind}`;
    return failure(flagKey, defaultValue, 'TYPE_MISMATCH', message, flag.version);
  }
  return resolveSafely(flag, context, snapshot.segments, defaultValue) as EvaluationDetail<T>;
}

/** Evaluates every flag for one context (allFlags); errors carry the value null. */
export function evaluateAll(
  snapshot: CompiledSnapshot | undefined,
  context: EvaluationContext,
): Record<string, EvaluationDetail> {
  if (snapshot === undefined) return {};
  // Every slot is filled below, so the clone's undefined values never escape.
  const results = { ...snapshot.resultSlots } as unknown as Record<string, EvaluationDetail>;
  for (const flag of snapshot.flags.values()) {
    results[flag.key] = resolveSafely(flag, context, snapshot.segments, null);
  }
  return results;
}

function resolveSafely(
  flag: CompiledFlag,
  context: EvaluationContext,
  segments: ReadonlyMap<string, CompiledSegment>,
  defaultValue: unknown,
): EvaluationDetail {
  try {
    const target = typeof context === 'object' && context !== null ? context : NO_CONTEXT;
    return resolve(flag, target, segments, defaultValue);
  } catch (error) {
    // Only a hostile context (a throwing getter or proxy) gets here: serve the default.
    const message = error instanceof Error ? error.message : String(error);
    return failure(flag.key, defaultValue, 'GENERAL', message, flag.version);
  }
}

// The contract's order, first match wins: kill switch, individual targets, rules, default rule.
function resolve(
  flag: CompiledFlag,
  context: EvaluationContext,
  segments: ReadonlyMap<string, CompiledSegment>,
  defaultValue: unknown,
): EvaluationDetail {
  if (!flag.on) return served(flag, flag.offVariation, 'DISABLED');
  if (flag.isStatic && flag.defaultServe.kind === 'variant') {
    return served(flag, flag.defaultServe.variant, 'STATIC');
  }
  if (flag.targets !== undefined) {
    const key = keyText(context.key);
    const variant = key === undefined ? undefined : flag.targets.get(key);
    if (variant !== undefined) return served(flag, variant, 'TARGETING_MATCH');
  }
  const rules = flag.rules;
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const rule = rules[ruleIndex];
    if (rule === undefined) break;
    let matched = true;
    for (const condition of rule.conditions) {
      if (!matchesCondition(condition, context, segments)) {
        matched = false;
        break;
      }
    }
    if (matched) return serve(flag, rule.serve, context, defaultValue, ruleIndex, rule.id);
  }
  return serve(flag, flag.defaultServe, context, defaultValue, -1, undefined);
}

function serve(
  flag: CompiledFlag,
  serving: CompiledServe,
  context: EvaluationContext,
  defaultValue: unknown,
  ruleIndex: number,
  ruleId: string | undefined,
): EvaluationDetail {
  if (serving.kind === 'variant') {
    return served(
      flag,
      serving.variant,
      ruleId === undefined ? 'DEFAULT' : 'TARGETING_MATCH',
      ruleIndex,
      ruleId,
    );
  }
  const text = keyText(context[serving.bucketBy]);
  if (text === undefined) {
    // Without a value to hash, any variant would be a guess: serve the caller's default.
    const byKey = serving.bucketBy === 'key';
    const code: ErrorCode = byKey ? 'TARGETING_KEY_MISSING' : 'INVALID_CONTEXT';
    const message = `the rollout is bucketed by "${serving.bucketBy}", which the context lacks (a non-empty string or a finite number)`;
    return failure(flag.key, defaultValue, code, message, flag.version);
  }
  const bucket = bucketAfter(flag.saltPrefix, text);
  const upperBounds = serving.upperBounds;
  let range = 0;
  while (range < upperBounds.length - 1 && bucket >= (upperBounds[range] as number)) range++;
  return served(flag, serving.variants[range] as number, 'SPLIT', ruleIndex, ruleId);
}

function served(
  flag: CompiledFlag,
  variantIndex: number,
  reason: Reason,
  ruleIndex = -1,
  ruleId?: string,
): EvaluationDetail {
  const variant = flag.variants[variantIndex] as CompiledFlag['variants'][number];
  if (ruleId === undefined) {
    return {
      flagKey: flag.key,
      value: variant.value,
      variant: variant.key,
      reason,
      flagVersion: flag.version,
    };
  }
  return {
    flagKey: flag.key,
    value: variant.value,
    variant: variant.key,
    reason,
    ruleIndex,
    ruleId,
    flagVersion: flag.version,
  };
}

function failure<T>(
  flagKey: string,
  defaultValue: T,
  errorCode: ErrorCode,
  errorMessage: string,
  flagVersion?: number,
): EvaluationDetail<T> {
  const detail: EvaluationDetail<T> = {
    flagKey,
    value: defaultValue,
    reason: 'ERROR',
    errorCode,
    errorMessage,
  };
  if (flagVersion !== undefined) detail.flagVersion = flagVersion;
  return detail;
}
