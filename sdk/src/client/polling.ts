import type { sdkApi } from '../protocol/endpoints.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import type { DataSource, DataSourceSink } from './data-source.ts';
import { describeError } from './errors.ts';
import type { Platform, TimerHandle } from './platform.ts';
import { readRefusal, retryDelay } from './refusal.ts';

// A copy typed as the endpoint table's literal: importing the table's value would pull TypeBox into
// browser bundles, and the typecheck fails the day the path changes.
const SNAPSHOT_PATH: typeof sdkApi.snapshot.path = '/sdk/v1/snapshot';

/** How the polling source reaches the server and how often. */
export interface PollingOptions {
  /** The server's base URL, e.g. `https://flags.example.com`. */
  url: string;
  /** A server SDK token (`tss_...`). */
  sdkKey: string;
  intervalMs: number;
  backoff: BackoffOptions;
  requestTimeoutMs: number;
  platform: Platform;
}

/**
 * Fetches the environment snapshot every `intervalMs`, sending the last ETag as `If-None-Match`
 * so an unchanged environment costs a 304 and no parsing. Failures retry with full-jitter backoff,
 * never sooner than a Retry-After asks (the problem's code is logged); a refused SDK key (401, 403)
 * stops the source. It can be stopped and started again.
 */
export function createPollingSource(options: PollingOptions): DataSource {
  const { platform } = options;
  const endpoint = `${options.url.replace(/\/+$/, '')}${SNAPSHOT_PATH}`;
  const authorization = `Bearer ${options.sdkKey}`;
  let sink: DataSourceSink | undefined;
  let timer: TimerHandle | undefined;
  let inFlight: AbortController | undefined;
  // Bumped by start and stop, so a poll left over from an earlier run ends without a word: the
  // stream stops and restarts polling as it goes down and up.
  let run = 0;
  let active = false;
  let failures = 0;
  // The ETag only stands for the revision it came with: a stream may have moved the client on.
  let etag: { value: string; revision: number | undefined } | undefined;

  const schedule = (ms: number) => {
    const current = run;
    if (active) timer = platform.setTimeout(() => void poll(current), ms, true);
  };
  // The server's Retry-After (a store outage, a rate limit) holds the next try back.
  const retry = (retryAfterMs?: number) =>
    schedule(retryDelay(backoffDelay(failures++, options.backoff, platform.random), retryAfterMs));
  const succeed = () => {
    failures = 0;
    sink?.healthy();
    schedule(options.intervalMs);
  };

  async function poll(current: number) {
    timer = undefined;
    if (!sink || current !== run) return;
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (etag && etag.revision === sink.revision()) headers['if-none-match'] = etag.value;
    const controller = new AbortController();
    inFlight = controller;
    const timeout = platform.setTimeout(() => controller.abort(), options.requestTimeoutMs, true);
    try {
      // no-store: the ETag is ours to manage; an HTTP cache must never answer for the server.
      const init: RequestInit = { headers, signal: controller.signal, cache: 'no-store' };
      const response = await platform.fetch(endpoint, init);
      if (current !== run) return;
      if (response.status === 304) return succeed();
      if (response.status === 401 || response.status === 403) {
        const message = `the server refused the SDK key (HTTP ${response.status}); check sdkKey`;
        sink.failed({ message, fatal: true });
        active = false;
        return;
      }
      if (response.status !== 200) {
        const refusal = await readRefusal(response);
        if (current !== run) return;
        sink.failed({ message: `snapshot request failed with ${refusal.message}` });
        return retry(refusal.retryAfterMs);
      }
      const body = parseJson(await response.text());
      if (current !== run) return;
      if (body === undefined) {
        sink.failed({ message: 'the snapshot response is not valid JSON' });
        return retry();
      }
      if (!sink.snapshot(body)) return retry();
      const value = response.headers.get('etag');
      etag = value ? { value, revision: sink.revision() } : undefined;
      succeed();
    } catch (error) {
      if (current !== run) return;
      const cause = controller.signal.aborted ? 'timed out' : describeError(error);
      sink.failed({ message: `snapshot request to ${endpoint} failed: ${cause}` });
      retry();
    } finally {
      platform.clearTimeout(timeout);
      if (inFlight === controller) inFlight = undefined;
    }
  }

  return {
    start(target) {
      if (timer !== undefined) platform.clearTimeout(timer);
      sink = target;
      run++;
      active = true;
      failures = 0;
      schedule(0);
    },
    stop() {
      run++;
      active = false;
      if (timer !== undefined) platform.clearTimeout(timer);
      inFlight?.abort();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
