import type { BackoffOptions } from './backoff.ts';
import type { SnapshotStorage } from './persistence.ts';
import { consoleLogger, hostPlatform, type Logger, type Platform } from './platform.ts';

/** How to create a client. Either `url` and `sdkKey`, or `offline: true` with a `bootstrap`. */
export interface ClientOptions {
  /** The Tripswitch server's base URL, e.g. `https://flags.example.com`. */
  url?: string;
  /** A server SDK token (`tss_...`) for one environment. */
  sdkKey?: string;
  /** Never contact a server: serve `bootstrap` only. */
  offline?: boolean;
  /** A snapshot (as served by `/sdk/v1/snapshot`) to serve from the start. */
  bootstrap?: unknown;
  /** Keeps the last good snapshot so a restart during an outage still serves real flags. */
  persistence?: SnapshotStorage;
  /**
   * Follow the server's live stream (default): changes arrive within milliseconds, and polling
   * stands in only while the stream is down. `false` polls only.
   */
  stream?: boolean;
  /** How often to poll the snapshot (while the stream is down, or always without it); default 30 000 ms. */
  pollIntervalMs?: number;
  /** Retry delays after a failed request (full jitter); default 1 000 ms doubling up to 3 000 ms, so SDKs are back within seconds of their server. */
  backoff?: Partial<BackoffOptions>;
  /** How long one snapshot request may take; default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Default: the console from level warn, prefixed `[tripswitch]`. */
  logger?: Logger;
  /** Host services; default the running host's fetch, timers and Math.random. */
  platform?: Partial<Platform>;
  /**
   * Outcome metrics for guardrails (evaluations, tracked outcomes, guarded calls), sent to the
   * server in the background; `false` turns them off. Sent from Node only, never offline.
   */
  metrics?: false | MetricsOptions;
}

/** How outcome metrics are sent. */
export interface MetricsOptions {
  /** How often counters are sent; default 10 000 ms. */
  flushIntervalMs?: number;
  /** Batches kept while the server is unreachable; older ones are dropped (and counted); default 30. */
  maxPendingBatches?: number;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  source: { url: string; sdkKey: string } | undefined;
  bootstrap: unknown;
  persistence: SnapshotStorage | undefined;
  stream: boolean;
  pollIntervalMs: number;
  backoff: BackoffOptions;
  requestTimeoutMs: number;
  logger: Logger;
  platform: Platform;
  metrics: Required<MetricsOptions> | undefined;
}

/** The options both kinds of client take to reach the server. */
export type ConnectionOptions = Pick<
  ClientOptions,
  'stream' | 'pollIntervalMs' | 'backoff' | 'requestTimeoutMs' | 'logger' | 'platform'
>;

/** Connection options with every default filled in. */
export type ResolvedConnection = Pick<
  ResolvedOptions,
  'stream' | 'pollIntervalMs' | 'backoff' | 'requestTimeoutMs' | 'logger' | 'platform'
>;

/** Checks options and fills in defaults; a wrong option is a programming error and throws. */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  checkObject(options, 'createClient');
  const offline = options.offline === true;
  if (offline && options.bootstrap === undefined && !options.persistence) {
    throw new TypeError('createClient: offline mode needs a bootstrap snapshot or persistence');
  }
  return {
    source: offline
      ? undefined
      : { url: checkUrl(options.url, 'createClient'), sdkKey: checkKey(options.sdkKey) },
    bootstrap: options.bootstrap,
    persistence: options.persistence,
    ...resolveConnection(options, 'createClient'),
    metrics: options.metrics === false ? undefined : resolveMetrics(options.metrics ?? {}),
  };
}

/** Fills in the connection defaults; `caller` names the function in errors. */
export function resolveConnection(options: ConnectionOptions, caller: string): ResolvedConnection {
  const ms = (name: string, value: unknown, fallback: number) =>
    milliseconds(`${caller}: ${name}`, value, fallback);
  return {
    stream: options.stream !== false,
    pollIntervalMs: ms('pollIntervalMs', options.pollIntervalMs, 30_000),
    backoff: {
      initialMs: ms('backoff.initialMs', options.backoff?.initialMs, 1_000),
      maxMs: ms('backoff.maxMs', options.backoff?.maxMs, 3_000),
    },
    requestTimeoutMs: ms('requestTimeoutMs', options.requestTimeoutMs, 10_000),
    logger: options.logger ?? consoleLogger(),
    platform: { ...hostPlatform(), ...options.platform },
  };
}

/** Throws unless the options are an object. */
export function checkObject(options: unknown, caller: string): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${caller}: options must be an object`);
  }
}

function resolveMetrics(options: MetricsOptions): Required<MetricsOptions> {
  const batches = options.maxPendingBatches ?? 30;
  if (!Number.isInteger(batches) || batches < 1) {
    throw new TypeError(
      'createClient: metrics.maxPendingBatches must be a whole number, 1 or more',
    );
  }
  return {
    flushIntervalMs: milliseconds(
      'createClient: metrics.flushIntervalMs',
      options.flushIntervalMs,
      10_000,
    ),
    maxPendingBatches: batches,
  };
}

/** The server's base URL, checked; `caller` names the function in errors. */
export function checkUrl(url: unknown, caller: string): string {
  if (typeof url !== 'string' || !/^https?:\/\/[^/]/.test(url)) {
    const offline = caller === 'createClient' ? ' (or set offline: true)' : '';
    throw new TypeError(
      `${caller}: url must be the server's http(s) base URL${offline}, got ${JSON.stringify(url)}`,
    );
  }
  return url;
}

function checkKey(sdkKey: unknown): string {
  if (typeof sdkKey !== 'string' || sdkKey.trim() === '') {
    throw new TypeError('createClient: sdkKey must be a server SDK token (tss_...)');
  }
  // A client token only gets evaluated results: it cannot read the snapshot this client needs.
  if (sdkKey.startsWith('tsc_')) {
    throw new TypeError(
      'createClient: sdkKey is a client token (tsc_...), which gets evaluated results only; use createBrowserClient with it, or a server SDK token (tss_...) here',
    );
  }
  return sdkKey;
}

function milliseconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of milliseconds`);
  }
  return value;
}
