/** Where the client writes problems: one line per problem, never one per evaluation. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** How much the default logger prints. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** A timer handle as returned by the platform's `setTimeout`. */
export type TimerHandle = unknown;

/**
 * What the client needs from its host, so Node and browsers run the same code. The live stream
 * reads `fetch` response bodies (a ReadableStream in Node 20 and every modern browser), so it
 * needs nothing beyond `fetch` here.
 */
export interface Platform {
  fetch: typeof globalThis.fetch;
  /** A `background` timer never keeps a Node process alive (a poll); others do (a ready() wait). */
  setTimeout(callback: () => void, ms: number, background?: boolean): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** A number in [0, 1): backoff jitter. */
  random(): number;
  /** A monotonic clock in milliseconds (performance.now): latencies and metric periods. */
  now(): number;
}

/** The platform of the running host: its global fetch, timers and Math.random. */
export function hostPlatform(): Platform {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    setTimeout: (callback, ms, background) => {
      const handle = globalThis.setTimeout(callback, ms);
      // Browsers have no unref; there a page's timers never hold anything open anyway.
      if (background) (handle as { unref?: () => void }).unref?.();
      return handle;
    },
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: Math.random,
    now: () => performance.now(),
  };
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** A logger writing to the console with a `[tripswitch]` prefix, from `level` up (default warn). */
export function consoleLogger(level: LogLevel = 'warn', prefix = '[tripswitch]'): Logger {
  const threshold = LEVELS.indexOf(level);
  const at = (lineLevel: Exclude<LogLevel, 'silent'>) =>
    LEVELS.indexOf(lineLevel) >= threshold
      ? (message: string) => console[lineLevel](`${prefix} ${message}`)
      : () => {};
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
