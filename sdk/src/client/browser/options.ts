import type { EvaluationContext } from '../../protocol/evaluation.ts';
import {
  type ConnectionOptions,
  checkObject,
  checkUrl,
  type ResolvedConnection,
  resolveConnection,
} from '../options.ts';
import { checkContext } from './context-id.ts';
import type { EvaluationStorage } from './persistence.ts';

/** How to create a browser client: the server, a client token, and who is being evaluated. */
export interface BrowserClientOptions extends ConnectionOptions {
  /** The Tripswitch server's base URL, e.g. `https://flags.example.com`. */
  url: string;
  /** A client SDK token (`tsc_...`): it gets evaluated results, never the rules behind them. */
  sdkKey: string;
  /** Who every evaluation is for (default `{}`, anonymous); `identify` changes it. */
  context?: EvaluationContext;
  /**
   * Results to serve from the start (as `/sdk/v1/evaluate` answers them for `context`), e.g.
   * evaluated by your server while it rendered the page.
   */
  bootstrap?: unknown;
  /** Keeps the last results of each context, so a reload during an outage still serves them. */
  persistence?: EvaluationStorage;
}

/** Browser client options with every default filled in. */
export interface ResolvedBrowserOptions extends ResolvedConnection {
  url: string;
  sdkKey: string;
  context: EvaluationContext;
  bootstrap: unknown;
  persistence: EvaluationStorage | undefined;
}

const CALLER = 'createBrowserClient';

/** Checks options and fills in defaults; a wrong option is a programming error and throws. */
export function resolveBrowserOptions(options: BrowserClientOptions): ResolvedBrowserOptions {
  checkObject(options, CALLER);
  return {
    url: checkUrl(options.url, CALLER),
    sdkKey: checkClientKey(options.sdkKey),
    context: checkContext(options.context ?? {}, CALLER),
    bootstrap: options.bootstrap,
    persistence: options.persistence,
    ...resolveConnection(options, CALLER),
  };
}

function checkClientKey(sdkKey: unknown): string {
  if (typeof sdkKey !== 'string' || !sdkKey.startsWith('tsc_')) {
    // A server token would work nowhere here, and shipped to browsers it would expose every rule.
    throw new TypeError(
      `${CALLER}: sdkKey must be a client SDK token (tsc_...); server tokens (tss_...) read every rule and belong on servers, with createClient`,
    );
  }
  return sdkKey;
}
