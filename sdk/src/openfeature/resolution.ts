import type {
  ErrorCode,
  FlagMetadata,
  EvaluationContext as OpenFeatureContext,
  ResolutionDetails,
  TrackingEventDetails,
} from '@openfeature/core';
import type { TripswitchClient } from '../client/types.ts';
import type { EvaluationContext } from '../protocol/evaluation.ts';

// What both providers share: types only from @openfeature/core, so neither paradigm's SDK is
// loaded by the other's provider.

/** OpenFeature's targeting key is the Tripswitch context key; every other property is an attribute. */
export function toTripswitchContext(context: OpenFeatureContext | undefined): EvaluationContext {
  if (!context) return {};
  const { targetingKey, ...attributes } = context;
  return targetingKey === undefined ? attributes : { ...attributes, key: targetingKey };
}

/** Evaluates through the client and maps the detail onto OpenFeature's resolution details. */
export function resolveFlag<T>(
  client: TripswitchClient,
  flagKey: string,
  defaultValue: T,
  context: OpenFeatureContext | undefined,
): ResolutionDetails<T> {
  const detail = client.variationDetail(flagKey, toTripswitchContext(context), defaultValue);
  const flagMetadata: FlagMetadata = {};
  if (detail.flagVersion !== undefined) flagMetadata.flagVersion = detail.flagVersion;
  if (detail.ruleId !== undefined) flagMetadata.ruleId = detail.ruleId;
  if (detail.ruleIndex !== undefined) flagMetadata.ruleIndex = detail.ruleIndex;
  const resolution: ResolutionDetails<T> = {
    value: detail.value as T,
    reason: detail.reason,
    flagMetadata,
  };
  if (detail.variant !== undefined) resolution.variant = detail.variant;
  // Our error codes are a subset of OpenFeature's, spelled the same.
  if (detail.errorCode !== undefined) resolution.errorCode = detail.errorCode as ErrorCode;
  if (detail.errorMessage !== undefined) resolution.errorMessage = detail.errorMessage;
  return resolution;
}

type Tracker = {
  track?: (name: string, context: EvaluationContext, details?: TrackingEventDetails) => void;
};

/**
 * Forwards an OpenFeature tracking event to the client's `track`. The client gains `track` with
 * the guardrails work; until then this is a no-op.
 */
export function forwardTrack(
  client: TripswitchClient,
  name: string,
  context: OpenFeatureContext | undefined,
  details: TrackingEventDetails | undefined,
): void {
  (client as TripswitchClient & Tracker).track?.(name, toTripswitchContext(context), details);
}
