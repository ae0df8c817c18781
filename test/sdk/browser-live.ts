import type { Logger } from '@tripswitch/sdk';
import { uniqueKey } from '../support/factories.ts';
import { liveTripswitch } from './live.ts';

/** A logger that drops every line. */
export const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** What a client token may see of one flag: its evaluated result, nothing of its rules. */
export const RESULT_FIELDS = [
  'value',
  'variant',
  'reason',
  'ruleIndex',
  'ruleId',
  'errorCode',
  'flagVersion',
  'kind',
];

/**
 * A real Tripswitch server (liveTripswitch) with a client token for `production`, and
 * `secretFlag()`: a flag on in production whose targets and rule hold values no browser may see.
 */
export async function liveBrowserTripswitch() {
  const tripswitch = await liveTripswitch();
  const created = await tripswitch.admin.call('createToken', {
    body: { name: uniqueKey('browser'), kind: 'client', environment: 'production' },
  });
  return {
    ...tripswitch,
    clientKey: created.secret,
    /** On for the target `vip-4242` and for emails at secret-corp.example; off for others. */
    async secretFlag() {
      const flagKey = await tripswitch.flag();
      const params = { flagKey, environment: 'production' };
      const current = await tripswitch.admin.call('getFlagEnvironment', { params });
      await tripswitch.admin.call('updateFlagEnvironment', {
        params,
        body: {
          baseVersion: current.version,
          config: {
            ...current.config,
            targets: [{ variant: 'on', values: ['vip-4242'] }],
            rules: [
              {
                id: 'secret-corp',
                conditions: [
                  { attribute: 'email', operator: 'endsWith', values: ['@secret-corp.example'] },
                ],
                serve: { variant: 'on' },
              },
            ],
            defaultServe: { variant: 'off' },
          },
        },
      });
      return flagKey;
    },
  };
}

/** One request the SDK made, with everything the server answered (streams as they flowed). */
export interface WireExchange {
  path: string;
  status: number;
  text: string;
}

/** The global fetch with a tap on every answer's body: the SDK's requests go through unchanged. */
export function wireTap(fetchImpl: typeof globalThis.fetch = globalThis.fetch) {
  const exchanges: WireExchange[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await fetchImpl(input, init);
    const exchange = { path: new URL(String(input)).pathname, status: response.status, text: '' };
    exchanges.push(exchange);
    if (!response.body) return response;
    const decoder = new TextDecoder();
    const tap = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        exchange.text += decoder.decode(chunk, { stream: true });
        controller.enqueue(chunk);
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(tap), { status, statusText, headers });
  };
  return { fetch, exchanges };
}
