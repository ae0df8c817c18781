import type { sdkApi } from '../../protocol/endpoints.ts';
import type { EvaluationContext } from '../../protocol/evaluation.ts';
import { describeError } from '../errors.ts';
import type { Platform } from '../platform.ts';
import { readRefusal } from '../refusal.ts';

// A copy typed as the endpoint table's literal, so browser bundles get no TypeBox (see polling.ts).
const EVALUATE_PATH: typeof sdkApi.evaluate.path = '/sdk/v1/evaluate';

/**
 * What one evaluate request came to: results (unchecked), a refused key, or a failure (with the
 * server's Retry-After when it gave one).
 */
export type EvaluateAnswer =
  | { outcome: 'results'; evaluations: unknown }
  | { outcome: 'refused'; message: string }
  | { outcome: 'failed'; message: string; retryAfterMs?: number | undefined };

/** Where and how evaluate requests go. */
export interface EvaluateTarget {
  url: string;
  /** A client token (`tsc_...`). */
  sdkKey: string;
  requestTimeoutMs: number;
  platform: Platform;
}

/**
 * POSTs the context to `/sdk/v1/evaluate` and reads the answer; never throws. `controller` lets
 * the caller drop the request (its answer is then a failure nobody reads); it also times out.
 */
export async function requestEvaluations(
  target: EvaluateTarget,
  context: EvaluationContext,
  controller: AbortController,
): Promise<EvaluateAnswer> {
  const { platform } = target;
  const endpoint = `${target.url.replace(/\/+$/, '')}${EVALUATE_PATH}`;
  const timeout = platform.setTimeout(() => controller.abort(), target.requestTimeoutMs, true);
  try {
    const response = await platform.fetch(endpoint, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${target.sdkKey}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ context }),
      signal: controller.signal,
      cache: 'no-store',
    });
    const { status } = response;
    if (status === 401 || status === 403) {
      const message = `the server refused the SDK key (HTTP ${status}); check sdkKey`;
      return { outcome: 'refused', message };
    }
    if (status !== 200) {
      const refusal = await readRefusal(response);
      const message = `evaluate request failed with ${refusal.message}`;
      return { outcome: 'failed', message, retryAfterMs: refusal.retryAfterMs };
    }
    const evaluations = parseJson(await response.text());
    if (evaluations === undefined) {
      return { outcome: 'failed', message: 'the evaluate response is not valid JSON' };
    }
    return { outcome: 'results', evaluations };
  } catch (error) {
    const cause = controller.signal.aborted ? 'timed out' : describeError(error);
    return { outcome: 'failed', message: `evaluate request to ${endpoint} failed: ${cause}` };
  } finally {
    platform.clearTimeout(timeout);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
