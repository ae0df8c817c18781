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

/** `/sdk/v1/client-stream`: a `revision` event on connect and after every change. */
function revisionPings(refresher: EvaluationRefresher, logger: Logger): StreamListener {
  return {
    path: CLIENT_STREAM_PATH,
    // Nothing to resume: the revision on connect says whether anything was missed.
    resumeFrom: () => undefined,
    opened: () => {},
    event(event) {
      if (event.event !== 'revision') return 'continue';
      const revision = revisionOf(event.data);
      if (revision === undefined) {
        logger.warn('ignored a revision event it cannot read; reconnecting');
        return 'refresh';
      }
      refresher.heard(revision);
      return 'continue';
    },
  };
}

function revisionOf(data: string): number | undefined {
  try {
    const revision = (JSON.parse(data) as { revision?: unknown } | null)?.revision;
    return Number.isInteger(revision) && (revision as number) >= 0
      ? (revision as number)
      : undefined;
  } catch {
    return undefined;
  }
}
