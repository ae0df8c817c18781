import type { Outcome } from './counters.ts';

/** Options of `client.guard`. */
export interface GuardOptions {
  /**
   * The variant whose path runs when the flag cannot pick one (unknown flag, no path for the
   * variant served) and when the chosen path throws. The fallback's own run is not measured.
   */
  fallback?: string;
}

/** The code paths of `client.guard`, by variant key: each runs the code that variant stands for. */
export type GuardedPaths<T> = Readonly<Record<string, () => T>>;

/** What a guarded call needs from the client: which variant serves, where outcomes go, a clock. */
export interface GuardHost {
  /** The variant served (the evaluation is counted), or undefined when there is none. */
  serve(flagKey: string, context: unknown): string | undefined;
  record(flagKey: string, variant: string, outcome: Outcome): void;
  now(): number;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

const pathOf = <T>(paths: GuardedPaths<T>, variant: string | undefined) =>
  variant !== undefined && Object.hasOwn(paths, variant) ? paths[variant] : undefined;

/**
 * Runs the path of the variant served to `context`, timing it and counting a throw (or a rejected
 * promise) as an error of that variant; with a fallback, a failed path is answered by the
 * fallback's path instead of the error.
 */
export function runGuarded<T>(
  host: GuardHost,
  flagKey: string,
  context: unknown,
  paths: GuardedPaths<T>,
  options: GuardOptions = {},
): T {
  const variant = host.serve(flagKey, context);
  const chosen = pathOf(paths, variant);
  const fallback = options.fallback === variant ? undefined : pathOf(paths, options.fallback);
  if (chosen === undefined || variant === undefined) {
    if (fallback) return fallback();
    throw new TypeError(
      `guard: no path for ${variant === undefined ? 'the default' : `variant "${variant}"`} of flag "${flagKey}"; add one, or a fallback`,
    );
  }
  const started = host.now();
  const settle = (error: unknown) =>
    host.record(flagKey, variant, { error, latencyMs: host.now() - started });
  const failed = (error: unknown): T => {
    settle(error ?? true);
    if (fallback) return fallback();
    throw error;
  };
  let result: T;
  try {
    result = chosen();
  } catch (error) {
    return failed(error);
  }
  if (!isThenable(result)) {
    settle(undefined);
    return result;
  }
  return result.then(
    (value) => {
      settle(undefined);
      return value;
    },
    (error: unknown) => failed(error),
  ) as T;
}
