// The clients: local evaluation kept current in the background (a server token), the same code in
// Node and browsers; and the browser client (a client token), served evaluated results only.
// Bundlers keep only the one an application imports.
export { createBrowserClient } from './browser/client.ts';
export type { BrowserClientOptions } from './browser/options.ts';
export { type EvaluationStorage, localStorageEvaluations } from './browser/persistence.ts';
export { createClient } from './client.ts';
export { SdkKeyRefusedError } from './errors.ts';
export type { Unsubscribe } from './listeners.ts';
export type { Outcome } from './metrics/counters.ts';
export type { GuardedPaths, GuardOptions } from './metrics/guard.ts';
export type { ClientOptions, MetricsOptions } from './options.ts';
export { localStorageSnapshots, type SnapshotStorage } from './persistence.ts';
export { consoleLogger, type Logger, type LogLevel, type Platform } from './platform.ts';
export type { BrowserClient, ClientStatus, FlagChange, TripswitchClient, Widen } from './types.ts';
