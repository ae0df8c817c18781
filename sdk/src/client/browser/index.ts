// @tripswitch/sdk/browser: the browser client alone (a client token, evaluated results served by
// the server), for pages that need nothing else.
export type { EvaluationDetail } from '../../core/types.ts';
export type { EvaluationContext } from '../../protocol/evaluation.ts';
export type { Unsubscribe } from '../listeners.ts';
export { consoleLogger, type Logger, type LogLevel, type Platform } from '../platform.ts';
export type { BrowserClient, ClientStatus, FlagChange, Widen } from '../types.ts';
export { createBrowserClient } from './client.ts';
export type { BrowserClientOptions } from './options.ts';
export { type EvaluationStorage, localStorageEvaluations } from './persistence.ts';
