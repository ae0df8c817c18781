/** What a server said when it did not serve a request: for the log, and when to ask again. */
export interface Refusal {
  /** e.g. `HTTP 503 TS_STORE_UNAVAILABLE: The database cannot be reached; try again in 2 s.` */
  message: string;
  /** The server's Retry-After, in ms (whole seconds only), capped at five minutes. */
  retryAfterMs: number | undefined;
}

const MAX_RETRY_AFTER_MS = 300_000;
const MAX_DETAIL = 200;

/**
 * Reads a refused response: the problem document's code and detail when it is one (every
 * Tripswitch error is), and Retry-After. Never throws; the body is consumed either way.
 */
export async function readRefusal(response: Response): Promise<Refusal> {
  const seconds = response.headers.get('retry-after');
  const retryAfterMs =
    seconds !== null && /^\d{1,6}$/.test(seconds.trim())
      ? Math.min(Number(seconds) * 1000, MAX_RETRY_AFTER_MS)
      : undefined;
  let said = '';
  if ((response.headers.get('content-type') ?? '').includes('problem+json')) {
    try {
      const problem = JSON.parse(await response.text()) as { code?: unknown; detail?: unknown };
      if (typeof problem.code === 'string') said += ` ${problem.code.slice(0, 64)}`;
      if (typeof problem.detail === 'string') said += `: ${problem.detail.slice(0, MAX_DETAIL)}`;
    } catch {
      // Not the problem it claimed to be: the status says enough.
    }
  } else {
    response.body?.cancel().catch(() => {});
  }
  return { message: `HTTP ${response.status}${said}`, retryAfterMs };
}

/** The delay before a retry: the backoff's, but never sooner than the server asked. */
export function retryDelay(backoffMs: number, retryAfterMs: number | undefined): number {
  return retryAfterMs === undefined ? backoffMs : Math.max(backoffMs, retryAfterMs);
}
