import type { EvaluationDetail } from '@tripswitch/sdk/core';
import type {
  EvaluationContext,
  OfrepContext,
  OfrepEvaluationFailure,
  OfrepEvaluationSuccess,
  OfrepMetadata,
  OfrepReason,
} from '@tripswitch/sdk/protocol';

// Tripswitch's evaluation details as OFREP results: the same reasons and error codes
// (OpenFeature's names), our flag version and matched rule as metadata.

/** OFREP's targeting key is the Tripswitch context key; every other property is an attribute. */
export function toTripswitchContext(context: OfrepContext): EvaluationContext {
  const { targetingKey, ...attributes } = context;
  return targetingKey === undefined ? attributes : { ...attributes, key: targetingKey };
}

function metadataOf(detail: EvaluationDetail): OfrepMetadata | undefined {
  if (detail.flagVersion === undefined) return undefined;
  return detail.ruleId === undefined
    ? { flagVersion: detail.flagVersion }
    : { flagVersion: detail.flagVersion, ruleId: detail.ruleId };
}

/** A detail whose reason is ERROR, as OFREP's failure; any other, as its success. */
export function toOfrepResult(
  detail: EvaluationDetail,
): OfrepEvaluationSuccess | OfrepEvaluationFailure {
  const metadata = metadataOf(detail);
  if (detail.reason === 'ERROR') {
    const failure: OfrepEvaluationFailure = {
      key: detail.flagKey,
      // TYPE_MISMATCH and PROVIDER_NOT_READY cannot come from a server evaluation with no
      // expected kind; anything OFREP does not name is GENERAL.
      errorCode: OFREP_CODES.has(detail.errorCode as string)
        ? (detail.errorCode as OfrepEvaluationFailure['errorCode'])
        : 'GENERAL',
    };
    if (detail.errorMessage !== undefined) failure.errorDetails = detail.errorMessage;
    if (metadata) failure.metadata = metadata;
    return failure;
  }
  const success: OfrepEvaluationSuccess = {
    key: detail.flagKey,
    value: detail.value,
    reason: detail.reason as OfrepReason,
  };
  if (detail.variant !== undefined) success.variant = detail.variant;
  if (metadata) success.metadata = metadata;
  return success;
}

const OFREP_CODES = new Set([
  'PARSE_ERROR',
  'TARGETING_KEY_MISSING',
  'INVALID_CONTEXT',
  'GENERAL',
  'FLAG_NOT_FOUND',
]);
