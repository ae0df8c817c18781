import type { STREAM_HEARTBEAT_MS, sdkApi } from '../protocol/index.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import type { DataSource, DataSourceSink } from './data-source.ts';
import { describeError } from './errors.ts';
import type { Logger, Platform, TimerHandle } from './platform.ts';
import { readRefusal, retryDelay } from './refusal.ts';
import { type ServerSentEvent, sseParser } from './sse-parser.ts';

// Copies typed as the protocol's literals, so browser bundles get no TypeBox (see polling.ts).
const STREAM_PATH: typeof sdkApi.stream.path = '/sdk/v1/stream';
const HEARTBEAT_MS: typeof STREAM_HEARTBEAT_MS = 15_000;
/** Silence this long means a dead connection, even without a TCP close: three heartbeats. */
const IDLE_MS = HEARTBEAT_MS * 3;

/** How the stream source reaches the server, and what it falls back to while it cannot. */
export interface StreamOptions {
  /** The server's base URL. */
  url: string;
  /** An SDK token: a server token (`tss_...`), or a client token (`tsc_...`) for client streams. */
  sdkKey: string;
  backoff: BackoffOptions;
  /** How long the server may take to answer the stream request. */
  requestTimeoutMs: number;
  platform: Platform;
  logger: Logger;
  /** Polling, run only while the stream is down. */
  fallback: DataSource;
}

/** What to do after an event: go on, reconnect at once resuming (Last-Event-ID), or afresh. */
export type AfterEvent = 'continue' | 'resume' | 'refresh';

/** What one kind of stream means: where it is, and what its events do to the client. */
export interface StreamListener {
  /** The stream's path under the server's base URL. */
  path: string;
  /** The revision to resume after (sent as Last-Event-ID), or undefined to start afresh. */
  resumeFrom(sink: DataSourceSink): number | undefined;
  /** The server accepted the stream. */
  opened(sink: DataSourceSink): void;
  /** One event the stream brought. */
  event(event: ServerSentEvent, sink: DataSourceSink): AfterEvent;
}

/**
 * The server stream (`/sdk/v1/stream`): a snapshot on connect, then change events applied by
 * revision. A gap reconnects with Last-Event-ID, so the server replays what was missed (or sends
 * the snapshot); an invalid event reconnects for a fresh snapshot.
 */
export function createStreamSource(options: StreamOptions): DataSource {
  return followStream(options, snapshotEvents(options.logger));
}

function snapshotEvents(logger: Logger): StreamListener {
  return {
    path: STREAM_PATH,
    resumeFrom: (sink) => sink.revision(),
    opened: (sink) => sink.healthy(),
    event(event, sink) {
      if (event.event !== 'snapshot' && event.event !== 'change') return 'continue';
      let body: unknown;
      try {
        body = JSON.parse(event.data);
      } catch {
        logger.warn(`ignored a ${event.event} event that is not JSON; reconnecting`);
        return 'refresh';
      }
      if (event.event === 'snapshot') {
        // An instance that lags behind this client sends an older snapshot: kept out, and
        // harmless, since that instance catches up within seconds and its changes then apply.
        const revision = (body as { revision?: unknown } | null)?.revision;
        const behind = typeof revision === 'number' && revision <= (sink.revision() ?? -1);
        // A refused snapshot is logged by the client; polling would fetch the same, so the
        // stream stays, and the next snapshot it brings may be one this SDK can read.
        if (sink.snapshot(body) || behind) sink.healthy();
        return 'continue';
      }
      const outcome = sink.change(body);
      // Missed something: the server replays it from Last-Event-ID, or sends the snapshot.
      if (outcome === 'gap') return 'resume';
      if (outcome === 'invalid') return 'refresh';
      sink.healthy();
      return 'continue';
    },
  };
}

/**
 * Follows an SSE stream over fetch (EventSource cannot send an Authorization header), handing its
 * events to `listener`. Reconnects wait for the server's retry hint after a clean end, or back off
 * exponentially with full jitter after failures, while the fallback (polling) stands in; silence
 * past three heartbeats counts as a dead connection.
 */
export function followStream(options: StreamOptions, listener: StreamListener): DataSource {
  const { platform, logger, fallback } = options;
  const endpoint = `${options.url.replace(/\/+$/, '')}${listener.path}`;
  let sink: DataSourceSink | undefined;
  // Bumped by start and stop: whatever belongs to an earlier run ends without a word.
  let run = 0;
  let failures = 0;
  let retryHint: number | undefined;
  let polling = false;
  let down = false;
  let timer: TimerHandle | undefined;
  let connection: AbortController | undefined;

  // Polling only stands in: what it fetches is served, but the client stays stale (not ready)
  // until a stream is open again, since changes no longer arrive as they happen.
  const standIn = (target: DataSourceSink): DataSourceSink => ({
    ...target,
    healthy: () =>
      target.failed({ message: 'serving what polling fetched until the live stream is back' }),
  });
  const pollWhileDown = (reason: string) => {
    if (!down) logger.warn(`the live stream is down (${reason}); polling until it is back`);
    down = true;
    if (!polling && sink) fallback.start(standIn(sink));
    polling = true;
  };
  const stopPolling = () => {
    if (polling) fallback.stop();
    polling = false;
  };
  const reconnect = (current: number, ms: number, fresh = false) => {
    if (current !== run) return;
    // The old connection is let go first: whatever it still says is no longer heard.
    connection?.abort();
    connection = undefined;
    timer = platform.setTimeout(() => void connect(current, fresh), ms, true);
  };
  const failed = (current: number, reason: string, retryAfterMs?: number) => {
    if (current !== run) return;
    pollWhileDown(reason);
    const backoff = backoffDelay(failures++, options.backoff, platform.random);
    reconnect(current, retryDelay(backoff, retryAfterMs));
  };

  async function connect(current: number, fresh: boolean) {
    timer = undefined;
    if (!sink || current !== run) return;
    const controller = new AbortController();
    connection = controller;
    const alive = () => current === run && connection === controller;
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.sdkKey}`,
      accept: 'text/event-stream',
    };
    const revision = fresh ? undefined : listener.resumeFrom(sink);
    if (revision !== undefined) headers['last-event-id'] = String(revision);
    let watchdog = platform.setTimeout(() => controller.abort(), options.requestTimeoutMs, true);
    try {
      const init: RequestInit = { headers, signal: controller.signal, cache: 'no-store' };
      const response = await platform.fetch(endpoint, init);
      if (!alive()) return;
      if (response.status === 401 || response.status === 403) {
        stopPolling();
        run++;
        const message = `the server refused the SDK key (HTTP ${response.status}); check sdkKey`;
        sink.failed({ message, fatal: true });
        return;
      }
      const type = response.headers.get('content-type') ?? '';
      if (response.status !== 200) {
        // Retryable (a store outage, a drain, a rate limit): why, and when the server said to.
        const refusal = await readRefusal(response);
        if (!alive()) return;
        return failed(current, refusal.message, refusal.retryAfterMs);
      }
      if (!type.startsWith('text/event-stream') || !response.body) {
        response.body?.cancel().catch(() => {});
        return failed(current, `HTTP ${response.status} ${type}`.trim());
      }
      failures = 0;
      if (down) logger.info('the live stream is back');
      down = false;
      stopPolling();
      listener.opened(sink);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parse = sseParser({
        event: (event) => {
          if (!alive() || !sink) return;
          const next = listener.event(event, sink);
          if (next !== 'continue') reconnect(current, 0, next === 'refresh');
        },
        retry: (ms) => {
          retryHint = ms;
        },
      });
      for (;;) {
        platform.clearTimeout(watchdog);
        watchdog = platform.setTimeout(() => controller.abort(), IDLE_MS, true);
        const { done, value } = await reader.read();
        if (!alive()) return;
        if (done) break;
        parse(decoder.decode(value, { stream: true }));
      }
      // The server ended the stream (a restart, a drain): stale until a stream is open again,
      // and come back when it says.
      sink?.failed({ message: 'the live stream ended; reconnecting' });
      reconnect(current, retryHint ?? backoffDelay(0, options.backoff, platform.random));
    } catch (error) {
      if (!alive()) return;
      const cause = controller.signal.aborted ? 'timed out' : describeError(error);
      failed(current, cause);
    } finally {
      platform.clearTimeout(watchdog);
    }
  }

  return {
    start(target) {
      sink = target;
      run++;
      failures = 0;
      void connect(run, false);
    },
    stop() {
      run++;
      if (timer !== undefined) platform.clearTimeout(timer);
      connection?.abort();
      stopPolling();
    },
  };
}
