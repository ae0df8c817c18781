import { buildApp, parseConfig } from '@tripswitch/server';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readEvents } from '../propagation/support/sse.ts';
import { liveOfrep } from './live.ts';

// OFREP's change notifications (ADR-0008) at the wire: the bulk answer names an SSE stream whose
// `message` events say "refetch", one per change, id = revision, resumable with Last-Event-ID.

type Live = Awaited<ReturnType<typeof liveOfrep>>;
let live: Live;
beforeAll(async () => {
  live = await liveOfrep();
});
afterAll(() => live.close());

async function bulk(url = live.server.url, token = live.sdkKey, query = '') {
  const response = await fetch(`${url}/ofrep/v1/evaluate/flags${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ context: { targetingKey: 'ada' } }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** The events URL of a bulk answer, opened without any Authorization an EventSource cannot send. */
async function follow(headers: Record<string, string> = {}, token = live.sdkKey) {
  const { eventStreams } = await bulk(live.server.url, token);
  const events = await readEvents(
    `${live.server.url}${eventStreams[0].endpoint.requestUri}`,
    'not-a-token',
    headers,
  );
  onTestFinished(() => events.close());
  return events;
}

const revisionOf = async () => (await bulk()).metadata.revision as number;

describe('OFREP event streams', () => {
  it('starts with a refetch, then sends one per change with the revision as id and ETag', async () => {
    const events = await follow();
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const revision = await revisionOf();
    const [start] = await events.next(1);
    expect(start).toEqual({
      event: 'message',
      id: String(revision),
      data: JSON.stringify({ type: 'refetchEvaluation', etag: `"${revision}"` }),
    });
    // Created, then enabled: two changes, two events.
    const key = await live.flag();
    const enabled = await revisionOf();
    const changes = await events.until((event) => Number(event.id) === enabled);
    expect(changes.map((event) => Number(event.id))).toEqual([revision + 1, revision + 2]);
    await live.kill(key);
    const [killed] = await events.next(1);
    expect(killed?.id).toBe(String((await revisionOf()) as number));
    expect(JSON.parse(killed?.data as string)).toEqual({
      type: 'refetchEvaluation',
      etag: `"${killed?.id}"`,
    });
  });

  it('resumes with Last-Event-ID: nothing at the current revision, a refetch at once behind it', async () => {
    const revision = await revisionOf();
    const current = await follow({ 'last-event-id': String(revision) });
    const behind = await follow({ 'last-event-id': String(revision - 1) });
    const [refetch] = await behind.next(1);
    expect(refetch?.id).toBe(String(revision));
    await live.flag();
    // The current one's first event is the change, not a refetch of what it already had.
    const [first] = await current.next(1);
    expect(Number(first?.id)).toBe(revision + 1);
  });

  it('works with a client token too, refuses a forged ticket, and ends when the token is revoked', async () => {
    const events = await follow({}, live.clientKey);
    await events.next(1);
    const { eventStreams } = await bulk(live.server.url, live.clientKey);
    const uri: string = eventStreams[0].endpoint.requestUri;
    const forged = await fetch(`${live.server.url}${uri.slice(0, -3)}abc`);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'TS_UNAUTHORIZED' });
    const malformed = await fetch(`${live.server.url}/ofrep/v1/events?ticket=x`);
    expect(malformed.status).toBe(400);

    const token = await live.admin.call('createToken', {
      body: { name: 'ofrep-revoked', kind: 'client', environment: 'production' },
    });
    const doomed = await follow({}, token.secret);
    await doomed.next(1);
    const { eventStreams: doomedStreams } = await bulk(live.server.url, token.secret);
    await live.admin.call('revokeToken', { params: { tokenId: token.token.id } });
    await doomed.ended();
    const again = await fetch(`${live.server.url}${doomedStreams[0].endpoint.requestUri}`);
    expect(again.status).toBe(401);
  });

  it('a refetch with flagConfigEtag from an event catches this instance up before it answers', async () => {
    // A second instance that hears of changes only by anti-entropy, which never runs here.
    const replica = await buildApp({
      ...parseConfig({}),
      databaseUrl: live.server.database.url,
      adminToken: live.server.adminToken,
      logLevel: 'silent',
      resyncIntervalMs: 600_000,
    });
    onTestFinished(() => replica.close());
    const replicaUrl = await replica.listen({ port: 0, host: '127.0.0.1' });
    const key = await live.flag();
    const valueOn = (answer: { flags: Array<{ key: string; value: unknown }> }) =>
      answer.flags.find((flag) => flag.key === key)?.value;
    expect(valueOn(await bulk(replicaUrl))).toBe(true);

    await live.kill(key);
    const revision = await revisionOf();
    // Without the event's ETag the replica still serves what it had.
    expect(valueOn(await bulk(replicaUrl))).toBe(true);
    const fresh = await bulk(
      replicaUrl,
      live.sdkKey,
      `?flagConfigEtag=${encodeURIComponent(`"${revision}"`)}`,
    );
    expect(fresh.metadata.revision).toBe(revision);
    expect(valueOn(fresh)).toBe(false);
  });
});
