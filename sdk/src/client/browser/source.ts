import type { sdkApi } from '../../protocol/endpoints.ts';
import type { DataSource } from '../data-source.ts';
import type { Logger } from '../platform.ts';
import { followStream, type StreamListener } from '../stream.ts';
import type { ResolvedBrowserOptions } from './options.ts';
import type { EvaluationRefresher } from './refresher.ts';

// A copy typed as the endpoint table's literal, so browser bundles get no TypeBox (see polling.ts).
const CLIENT_STREAM_PATH: typeof sdkApi.clientStream.path = '/sdk/v1/client-stream';

/**
 * How a browser client stays current: the client stream's revision pings make the refresher
 * fetch the context's results again, and polling stands in while the stream is down; or polling
 * alone. Fetching starts at once, beside the stream's connect.
 */
export function evaluationSource(
  options: ResolvedBrowserOptions,
  refresher: EvaluationRefresher,
): DataSource {
  if (!options.stream) {
    return {
      start(sink) {
        refresher.start(sink);
        refresher.poll(true);
      },
      stop: () => refresher.stop(),
    };
  }
  const fallback: DataSource = {
    start: () => refresher.poll(true),
    stop: () => refresher.poll(false),
  };
  const stream = followStream({ ...options, fallback }, revisionPings(refresher, options.logger));
  return {
    start(sink) {
      refresher.start(sink);
      stream.start(sink);
    },
    stop() {
      stream.stop();
      refresher.stop();
    },
  };
}

/**
 * `/sdk/v1/client-stream`: a `revision` event on connect and after every change, with the spread
 * the server asks fetches to take (so a change does not bring every browser at once).
 */
function revisionPings(refresher: EvaluationRefresher, logger: Logger): StreamListener {
  return {
    path: CLIENT_STREAM_PATH,
    // Nothing to resume: the revision on connect says whether anything was missed.
    resumeFrom: () => undefined,
    opened: () => {},
    event(event) {
      if (event.event !== 'revision') return 'continue';
      const ping = pingOf(event.data);
      if (ping === undefined) {
        logger.warn('ignored a revision event it cannot read; reconnecting');
        return 'refresh';
      }
      refresher.heard(ping.revision, ping.spreadMs);
      return 'continue';
    },
  };
}

/** A revision ping: the server's revision, and over how long to spread the fetch it causes. */
function pingOf(data: string): { revision: number; spreadMs: number } | undefined {
  try {
    const { revision, spreadMs } = (JSON.parse(data) ?? {}) as {
      revision?: unknown;
      spreadMs?: unknown;
    };
    if (!Number.isInteger(revision) || (revision as number) < 0) return undefined;
    // Servers before the spread sent none; an unreadable one is no reason to refuse the ping.
    const spread = typeof spreadMs === 'number' && spreadMs > 0 ? Math.min(spreadMs, 60_000) : 0;
    return { revision: revision as number, spreadMs: spread };
  } catch {
    return undefined;
  }
}
