/** Retry delays: exponential from `initialMs`, capped at `maxMs`. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry), with full jitter: a uniform
 * draw in [0, min(max, initial * 2^attempt)). Full jitter spreads a crowd of SDKs that failed
 * together, so a recovering server is not hit by all of them at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number) {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
