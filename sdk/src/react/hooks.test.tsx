// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../client/client.ts';
import { capturingLogger } from '../client/testing/logger.ts';
import { memorySnapshotServer } from '../client/testing/snapshot-server.ts';
import { booleanFlag, snapshotOf, valueFlag } from '../client/testing/snapshots.ts';
import type { TripswitchClient } from '../client/types.ts';
import type { EvaluationContext } from '../protocol/evaluation.ts';
import {
  TripswitchProvider,
  useFlag,
  useTripswitchStatus,
  useVariation,
  useVariationDetail,
} from './index.ts';

let teardown: Array<() => unknown> = [];
afterEach(async () => {
  cleanup();
  for (const step of teardown.reverse()) await step();
  teardown = [];
});

const renders: Record<string, number> = {};
function counted(name: string) {
  renders[name] = (renders[name] ?? 0) + 1;
}

function Checkout() {
  counted('checkout');
  return <p data-testid="checkout">{useFlag('new-checkout') ? 'new' : 'old'}</p>;
}

function Banner() {
  counted('banner');
  return <p data-testid="banner">{useVariation('banner', 'none')}</p>;
}

function Status() {
  return <p data-testid="status">{useTripswitchStatus()}</p>;
}

function Reason() {
  const detail = useVariationDetail('new-checkout', false);
  return <p data-testid="reason">{`${detail.reason}/${detail.variant ?? '-'}`}</p>;
}

function App({ client, context }: { client: TripswitchClient; context: EvaluationContext }) {
  return (
    <TripswitchProvider client={client} context={context}>
      <Checkout />
      <Banner />
      <Status />
      <Reason />
    </TripswitchProvider>
  );
}

const checkout = (overrides = {}) =>
  booleanFlag('new-checkout', {
    targets: [{ variant: 'on', values: ['ada'] }],
    defaultServe: { variant: 'off' },
    ...overrides,
  });
const banner = valueFlag('banner', 'string', ['blue', 'red']);

// The client polls an in-memory server: happy-dom's own fetch adds CORS and an HTTP cache that
// these tests are not about (the client's HTTP behaviour is tested against real servers).
function liveClient() {
  const server = memorySnapshotServer({ snapshot: snapshotOf(1, [checkout(), banner]) });
  const client = createClient({
    url: server.url,
    sdkKey: 'tss_test',
    pollIntervalMs: 10,
    backoff: { initialMs: 5, maxMs: 20 },
    platform: server.platform,
    logger: capturingLogger().logger,
  });
  teardown.push(() => client.close());
  return { server, client };
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('the React hooks', () => {
  it('show defaults until the client is ready, then the flags', async () => {
    const { client } = liveClient();
    render(<App client={client} context={{ key: 'ada' }} />);
    expect(text('checkout')).toBe('old');
    expect(text('reason')).toBe('ERROR/-');
    await vi.waitFor(() => expect(text('status')).toBe('ready'));
    expect(text('checkout')).toBe('new');
    expect(text('banner')).toBe('blue');
    expect(text('reason')).toBe('TARGETING_MATCH/on');
  });

  it('re-render only the components whose flag changed', async () => {
    const { client, server } = liveClient();
    await client.ready({ timeoutMs: 2_000 });
    render(<App client={client} context={{ key: 'ada' }} />);
    const before = { ...renders };
    server.answer({ snapshot: snapshotOf(2, [checkout({ on: false, version: 2 }), banner]) });
    await vi.waitFor(() => expect(text('checkout')).toBe('old'));
    expect(renders.checkout).toBe((before.checkout ?? 0) + 1);
    expect(renders.banner).toBe(before.banner);
  });

  it('re-evaluate when the context changes, and not when an equal context is passed again', async () => {
    const client = createClient({ offline: true, bootstrap: snapshotOf(1, [checkout(), banner]) });
    teardown.push(() => client.close());
    const view = render(<App client={client} context={{ key: 'ada' }} />);
    expect(text('checkout')).toBe('new');
    const before = renders.banner ?? 0;
    view.rerender(<App client={client} context={{ key: 'ada' }} />);
    view.rerender(<App client={client} context={{ key: 'bob' }} />);
    expect(text('checkout')).toBe('old');
    // App re-renders its children each time; the equal context is what changed nothing else.
    expect(renders.banner).toBe(before + 2);
  });

  it('show the status going stale when the server goes down', async () => {
    const { client, server } = liveClient();
    render(<App client={client} context={{}} />);
    await vi.waitFor(() => expect(text('status')).toBe('ready'));
    await act(async () => server.answer({ status: 503 }));
    await vi.waitFor(() => expect(text('status')).toBe('stale'));
    expect(text('banner')).toBe('blue');
  });

  it('refuse to run outside a TripswitchProvider, naming the fix', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Checkout />)).toThrow(/inside a <TripswitchProvider>/);
  });
});
