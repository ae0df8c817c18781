// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserClient } from '../client/browser/client.ts';
import {
  type Evaluate,
  served,
  startEvaluationServer,
} from '../client/testing/evaluations-server.ts';
import { capturingLogger } from '../client/testing/logger.ts';
import type { BrowserClient } from '../client/types.ts';
import type { EvaluationContext } from '../protocol/evaluation.ts';
import { TripswitchProvider, useFlag, useTripswitchStatus, useVariation } from './index.ts';

// The hooks over a browser client (client token): results fetched for the provider's context,
// through happy-dom's fetch (with CORS, as a browser would) to a scripted server on port 0.

let teardown: Array<() => unknown> = [];
afterEach(async () => {
  cleanup();
  for (const step of teardown.reverse()) await step();
  teardown = [];
});

let bannerRenders = 0;

function Checkout() {
  return <p data-testid="checkout">{useFlag('new-checkout') ? 'new' : 'old'}</p>;
}

function Banner() {
  bannerRenders++;
  return <p data-testid="banner">{useVariation('banner', 'none')}</p>;
}

function Status() {
  return <p data-testid="status">{useTripswitchStatus()}</p>;
}

function App({ client, context }: { client: BrowserClient; context?: EvaluationContext }) {
  return (
    <TripswitchProvider client={client} {...(context ? { context } : {})}>
      <Checkout />
      <Banner />
      <Status />
    </TripswitchProvider>
  );
}

const evaluate: Evaluate = (context) => ({
  'new-checkout': served(context.key === 'ada'),
  banner: served('blue'),
});

async function browserClient(context: EvaluationContext) {
  const server = await startEvaluationServer(evaluate);
  const client = createBrowserClient({
    url: server.url,
    sdkKey: 'tsc_test',
    context,
    backoff: { initialMs: 5, maxMs: 20 },
    logger: capturingLogger().logger,
  });
  teardown.push(
    () => server.close(),
    () => client.close(),
  );
  return { server, client };
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('the React hooks over a browser client', () => {
  it('show the results for the context, and re-render only what a live change touched', async () => {
    const { server, client } = await browserClient({ key: 'ada' });
    render(<App client={client} context={{ key: 'ada' }} />);
    expect(text('checkout')).toBe('old');
    await vi.waitFor(() => expect(text('status')).toBe('ready'));
    expect(text('checkout')).toBe('new');
    await vi.waitFor(() => expect(server.openStreams()).toBe(1));
    const before = bannerRenders;
    server.publish(2, (context) => ({ ...evaluate(context), 'new-checkout': served(false) }));
    await vi.waitFor(() => expect(text('checkout')).toBe('old'));
    expect(text('banner')).toBe('blue');
    expect(bannerRenders).toBe(before);
  });

  it("identify the client with the provider's context, re-rendering once its results arrive", async () => {
    const { server, client } = await browserClient({ key: 'bob' });
    const view = render(<App client={client} context={{ key: 'bob' }} />);
    await vi.waitFor(() => expect(text('status')).toBe('ready'));
    expect(text('checkout')).toBe('old');
    view.rerender(<App client={client} context={{ key: 'ada' }} />);
    await vi.waitFor(() => expect(text('checkout')).toBe('new'));
    expect(client.context).toEqual({ key: 'ada' });
    expect(server.evaluations().map((request) => request.context)).toEqual([
      { key: 'bob' },
      { key: 'ada' },
    ]);
  });

  it("keep the client's own context when the provider is given none", async () => {
    const { server, client } = await browserClient({ key: 'ada' });
    render(<App client={client} />);
    await vi.waitFor(() => expect(text('checkout')).toBe('new'));
    expect(client.context).toEqual({ key: 'ada' });
    expect(server.evaluations()).toHaveLength(1);
  });
});
