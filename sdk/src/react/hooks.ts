import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { ClientStatus, Widen } from '../client/types.ts';
import type { EvaluationDetail } from '../core/index.ts';
import { useTripswitchBinding } from './provider.tsx';

/**
 * A flag's evaluation detail for the provider's context. The component re-renders only when this
 * flag's result changes, not on every change in the environment.
 */
export function useVariationDetail<T>(
  flagKey: string,
  defaultValue: T,
): EvaluationDetail<Widen<T>> {
  const { client, context } = useTripswitchBinding();
  const last = useRef<EvaluationDetail<Widen<T>> | undefined>(undefined);
  const subscribe = useCallback(
    (notify: () => void) => client.onFlagChange(flagKey, notify),
    [client, flagKey],
  );
  // Evaluation is local and cheap; returning the previous object when nothing differs is what
  // lets React skip the re-render.
  const read = () => {
    const detail = client.variationDetail(flagKey, context, defaultValue);
    if (last.current && sameDetail(last.current, detail)) return last.current;
    last.current = detail;
    return detail;
  };
  return useSyncExternalStore(subscribe, read, read);
}

/** A flag's value for the provider's context, typed after the default. */
export function useVariation<T>(flagKey: string, defaultValue: T): Widen<T> {
  return useVariationDetail(flagKey, defaultValue).value;
}

/** Whether a boolean flag is on for the provider's context; `defaultValue` (false) until known. */
export function useFlag(flagKey: string, defaultValue = false): boolean {
  return useVariationDetail(flagKey, defaultValue).value;
}

/** The client's status (initializing, ready, stale, error, closed), re-rendering when it changes. */
export function useTripswitchStatus(): ClientStatus {
  const { client } = useTripswitchBinding();
  const subscribe = useCallback(
    (notify: () => void) => client.on('status', () => notify()),
    [client],
  );
  const read = () => client.status;
  return useSyncExternalStore(subscribe, read, read);
}

function sameDetail(a: EvaluationDetail, b: EvaluationDetail): boolean {
  return (
    a.variant === b.variant &&
    a.reason === b.reason &&
    a.errorCode === b.errorCode &&
    a.flagVersion === b.flagVersion &&
    a.ruleId === b.ruleId &&
    sameValue(a.value, b.value)
  );
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
