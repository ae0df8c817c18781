import type {
  ErrorCode,
  FlagMetadata,
  EvaluationContext as OpenFeatureContext,
  ResolutionDetails,
  TrackingEventDetails,
} from '@openfeature/core';
import type { Outcome } from '../client/metrics/counters.ts';
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

/**
 * Forwards an OpenFeature tracking event to the client's `track`: an outcome of a flag, or a
 * custom event, counted for guardrails. Clients send those from Node with a server token; in
 * browsers, and for a browser client, `track` counts nothing.
 */
export function forwardTrack(
  client: TripswitchClient,
  name: string,
  context: OpenFeatureContext | undefined,
  details: TrackingEventDetails | undefined,
): void {
  client.track(name, toTripswitchContext(context), details as Outcome | undefined);
}
