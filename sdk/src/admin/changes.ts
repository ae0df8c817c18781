import { consoleLogger, hostPlatform } from '../client/platform.ts';
import { followStream } from '../client/stream.ts';
import type { changeFeedApi, EnvironmentRevision } from '../protocol/index.ts';

// A copy typed as the protocol's literal, so the dashboard's bundle gets no TypeBox.
const CHANGES_PATH: typeof changeFeedApi.changes.path = '/api/v1/changes';

/** Options of `followChanges`. */
export interface ChangeFeedOptions {
  /** The server's base URL, e.g. `http://localhost:4000`; `''` means the page's own origin. */
  url: string;
  /** An admin token. */
  token: string;
  /** An environment's revision moved: something in it changed. */
  onChange(change: EnvironmentRevision): void;
  /**
   * The feed is open, at first and after every reconnect: changes made while it was down were not
   * heard, so whatever the follower shows should be fetched afresh.
   */
  onOpen?(): void;
  /** The server refused the token (401 or 403): the feed stops for good. */
  onRefused?(message: string): void;
}

/** Something that can be stopped. */
export interface ChangeFeed {
  close(): void;
}

/**
 * Follows `GET /api/v1/changes`: calls `onChange` for every change as it commits, reconnecting
 * with backoff and jitter after failures, as SDK streams do. Events the server's bus lost are
 * not replayed: poll now and then beside it.
 */
export function followChanges(options: ChangeFeedOptions): ChangeFeed {
  const source = followStream(
    {
      url: options.url,
      sdkKey: options.token,
      backoff: { initialMs: 500, maxMs: 10_000 },
      requestTimeoutMs: 10_000,
      platform: hostPlatform(),
      logger: consoleLogger('error', '[tripswitch changes]'),
      // Nothing stands in while the feed is down: the follower's own polling does.
      fallback: { start() {}, stop() {} },
    },
    {
      path: CHANGES_PATH,
      resumeFrom: () => undefined,
      opened: () => options.onOpen?.(),
      event(event) {
        if (event.event !== 'change') return 'continue';
        let change: EnvironmentRevision;
        try {
          change = JSON.parse(event.data) as EnvironmentRevision;
        } catch {
          // Not JSON: nothing to act on; the follower's polling still runs.
          return 'continue';
        }
        options.onChange(change);
        return 'continue';
      },
    },
  );
  source.start({
    snapshot: () => false,
    change: () => 'stale',
    revision: () => undefined,
    healthy() {},
    failed(failure) {
      // The stream names what it refused as an SDK key; here it is an admin token.
      const status = /HTTP (\d+)/.exec(failure.message)?.[1] ?? '401';
      if (failure.fatal) options.onRefused?.(`the server refused the admin token (HTTP ${status})`);
    },
  });
  return { close: () => source.stop() };
}
