// The client: local evaluation kept current in the background, the same code in Node and browsers.
export { createClient } from './client.ts';
export type { Unsubscribe } from './listeners.ts';
export type { Outcome } from './metrics/counters.ts';
export type { GuardedPaths, GuardOptions } from './metrics/guard.ts';
export type { ClientOptions, MetricsOptions } from './options.ts';
export { localStorageSnapshots, type SnapshotStorage } from './persistence.ts';
export { consoleLogger, type Logger, type LogLevel, type Platform } from './platform.ts';
export type { ClientStatus, FlagChange, TripswitchClient, Widen } from './types.ts';
