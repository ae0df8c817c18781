import { type BrowserClient, createBrowserClient, type EvaluationContext } from '@tripswitch/sdk';
import { TripswitchProvider, useFlag, useTripswitchStatus } from '@tripswitch/sdk/react';
import { Window } from 'happy-dom';
import { createElement, Fragment } from 'react';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { liveBrowserTripswitch, quiet, wireTap } from './browser-live.ts';

// The React hooks over a browser client against a real Tripswitch server, in a happy-dom page.
// The page is set up by hand rather than as the test environment, whose globals (URL, fetch)
// would replace Node's under the server running in this process. The client fetches through the
// page's fetch, from the page's origin: CORS is the browser's, as on a real page.

const dom = new Window({ url: 'http://app.example.test/' });
Object.assign(globalThis, { window: dom, document: dom.document, navigator: dom.navigator });
// Loaded once the page exists: React DOM looks for a DOM when it loads.
const { createRoot } = await import('react-dom/client');
const pageFetch: typeof fetch = (input, init) =>
  dom.fetch(String(input), init as never) as unknown as Promise<Response>;

afterAll(async () => {
  await dom.happyDOM.close();
  Object.assign(globalThis, { window: undefined, document: undefined, navigator: undefined });
});

const renders: Record<string, number> = {};

function Flag({ flagKey }: { flagKey: string }) {
  renders[flagKey] = (renders[flagKey] ?? 0) + 1;
  return createElement('p', { 'data-flag': flagKey }, useFlag(flagKey) ? 'on' : 'off');
}

function Status() {
  return createElement('p', { 'data-status': '' }, useTripswitchStatus());
}

function view(client: BrowserClient, context: EvaluationContext, flags: string[]) {
  return createElement(
    TripswitchProvider,
    { client, context },
    createElement(
      Fragment,
      null,
      ...flags.map((key) => createElement(Flag, { key, flagKey: key })),
    ),
    createElement(Status),
  );
}

function mount(client: BrowserClient, context: EvaluationContext, flags: string[]) {
  const container = dom.document.createElement('div');
  dom.document.body.append(container);
  // Rendered as a page would, outside act(): updates arrive from the network, and the
  // assertions wait for what the page shows.
  const root = createRoot(container as unknown as Element);
  root.render(view(client, context, flags));
  onTestFinished(() => root.unmount());
  return {
    text: (key: string) => container.querySelector(`[data-flag="${key}"]`)?.textContent,
    status: () => container.querySelector('[data-status]')?.textContent,
    rerender: (next: EvaluationContext) => root.render(view(client, next, flags)),
  };
}

async function live() {
  const tripswitch = await liveBrowserTripswitch();
  onTestFinished(() => tripswitch.close());
  return tripswitch;
}

describe('the React hooks over a browser client, against a real server', () => {
  it('re-render the component whose flag a kill changed, and no other', async () => {
    const tripswitch = await live();
    const [killed, kept] = [await tripswitch.flag(), await tripswitch.flag()];
    const tap = wireTap(pageFetch);
    const client = createBrowserClient({
      url: tripswitch.server.url,
      sdkKey: tripswitch.clientKey,
      context: { key: 'user-1' },
      pollIntervalMs: 60_000,
      platform: { fetch: tap.fetch },
      logger: quiet,
    });
    onTestFinished(() => client.close());
    const page = mount(client, { key: 'user-1' }, [killed, kept]);
    await vi.waitFor(() => expect(page.status()).toBe('ready'));
    expect(page.text(killed)).toBe('on');
    await vi.waitFor(() =>
      expect(tap.exchanges.some((exchange) => exchange.text.includes('event: revision'))).toBe(
        true,
      ),
    );
    const before = { ...renders };

    await tripswitch.kill(killed);
    await vi.waitFor(() => expect(page.text(killed)).toBe('off'));
    expect(page.text(kept)).toBe('on');
    expect(renders[killed]).toBe((before[killed] ?? 0) + 1);
    expect(renders[kept]).toBe(before[kept]);
  });

  it("follow the provider's context: a new one is fetched, and the hooks show its results", async () => {
    const tripswitch = await live();
    const key = await tripswitch.secretFlag();
    const client = createBrowserClient({
      url: tripswitch.server.url,
      sdkKey: tripswitch.clientKey,
      context: { key: 'bob' },
      platform: { fetch: pageFetch },
      logger: quiet,
    });
    onTestFinished(() => client.close());
    const page = mount(client, { key: 'bob' }, [key]);
    await vi.waitFor(() => expect(page.status()).toBe('ready'));
    expect(page.text(key)).toBe('off');

    page.rerender({ key: 'vip-4242' });
    await vi.waitFor(() => expect(page.text(key)).toBe('on'));
    expect(client.context).toEqual({ key: 'vip-4242' });
  });
});
