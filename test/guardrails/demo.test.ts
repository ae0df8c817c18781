import type { Logger } from '@tripswitch/sdk';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FLAG, type GuardedService, startGuardedService } from '../demo/guarded-service.ts';
import { type Sent, startLoad } from '../demo/load.ts';
import { guardedTripswitch } from './support.ts';

// The demonstration, end to end: the example service (three instances, each with its own SDK
// client on the live stream) under load while a progressive rollout moves the new checkout out.
// A failing new path is stopped by the guardrail alone; a healthy one reaches everyone alone.

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const WINDOW_SECONDS = 10;
/** How long a committed trip may take to reach every SDK (the stream takes milliseconds). */
const PROPAGATION_BUDGET_MS = 2_000;
const MINIMUM_SAMPLE = 50;

async function demo(rates: { newPath: number; oldPath: number }) {
  const tripswitch = await guardedTripswitch();
  onTestFinished(() => tripswitch.close());
  const params = tripswitch.at(FLAG);
  await tripswitch.admin.call('createFlag', { body: { key: FLAG, defaultVariation: 'off' } });
  const guardrail = await tripswitch.admin.call('createGuardrail', {
    params,
    body: {
      metric: 'errorRate',
      threshold: { kind: 'relative', value: 0.5 },
      minimumSample: MINIMUM_SAMPLE,
      windowSeconds: WINDOW_SECONDS,
    },
  });
  const services: GuardedService[] = [];
  for (let i = 0; i < 3; i++) {
    const service = await startGuardedService({
      client: {
        url: tripswitch.server.url,
        sdkKey: tripswitch.sdkKey,
        logger: quiet,
        metrics: { flushIntervalMs: 200 },
      },
      newPathFailureRate: rates.newPath,
      oldPathFailureRate: rates.oldPath,
    });
    onTestFinished(() => service.close());
    services.push(service);
  }
  // When each SDK first served the flag off to everyone (the kill reached it).
  const killSeenAt: Array<number | undefined> = services.map(() => undefined);
  services.forEach((service, i) => {
    service.client.onFlagChange(FLAG, () => {
      const detail = service.client.variationDetail(FLAG, { key: 'probe' }, false);
      if (detail.reason === 'DISABLED') killSeenAt[i] ??= Date.now();
    });
  });
  const load = startLoad(
    services.map((service) => service.url),
    12,
  );
  onTestFinished(async () => {
    await load.stop();
  });
  return { tripswitch, params, guardrail, services, load, killSeenAt };
}

const guardrailOf = (setup: Awaited<ReturnType<typeof demo>>) =>
  setup.tripswitch.admin.call('getGuardrail', {
    params: { ...setup.params, guardrailId: setup.guardrail.id },
  });

describe('the demonstration: a guarded progressive rollout under load', () => {
  it('trips on a failing new path, every SDK serves the safe variant, and no request fails after', {
    timeout: 60_000,
  }, async () => {
    const setup = await demo({ newPath: 0.2, oldPath: 0 });
    const { tripswitch, params, services, load, killSeenAt } = setup;
    const rolloutStarted = Date.now();
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 10000, holdSeconds: 2 },
          { share: 50000, holdSeconds: 2 },
          { share: 100000, holdSeconds: 2 },
        ],
      },
    });
    await expect
      .poll(async () => (await guardrailOf(setup)).trip?.version, { timeout: 20_000 })
      .toBeTypeOf('number');
    await expect
      .poll(() => killSeenAt.every((at) => at !== undefined), { timeout: 10_000 })
      .toBe(true);
    // Traffic goes on after the kill: none of it may fail.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const sent = await load.stop();

    const { trip } = await guardrailOf(setup);
    expect(trip?.evaluation.outcome).toBe('breached');
    expect(trip?.evaluation.treatments[0]).toMatchObject({ variant: 'on', outcome: 'breached' });

    // The threshold is crossed when the new path has the minimum sample at its failure rate (20%,
    // far above its limit); the trip follows within one evaluation window.
    const newPathCalls = services
      .flatMap((service) => service.calls)
      .filter((call) => call.path === 'new')
      .sort((a, b) => a.at - b.at);
    const crossedAt = (newPathCalls[MINIMUM_SAMPLE - 1] as { at: number }).at;
    const trippedAt = Date.parse(trip?.at ?? '');
    expect(trippedAt).toBeGreaterThan(crossedAt);
    expect(trippedAt - crossedAt).toBeLessThanOrEqual(WINDOW_SECONDS * 1000);

    // Every SDK served the safe variant within the propagation budget of the committed kill.
    const [killVersion] = (await tripswitch.admin.call('listFlagVersions', { params })).items;
    expect(killVersion).toMatchObject({
      version: trip?.version,
      actor: 'guardrail',
      source: 'guardrail',
    });
    const committedAt = Date.parse(killVersion?.createdAt ?? '');
    for (const seenAt of killSeenAt) {
      expect((seenAt as number) - committedAt).toBeLessThanOrEqual(PROPAGATION_BUDGET_MS);
    }
    for (const service of services) {
      expect(service.client.variationDetail(FLAG, { key: 'anyone' }, true)).toMatchObject({
        value: false,
        reason: 'DISABLED',
      });
    }

    // The load generator saw exactly the failures the new path caused, all before its SDK had the
    // kill; everything sent after that was served by the old path and succeeded.
    const failed = sent.filter((request) => request.status !== 200);
    const newPathFailures = newPathCalls.filter((call) => call.failed).length;
    expect(sent.length).toBeGreaterThan(500);
    expect(newPathFailures).toBeGreaterThan(0);
    expect(failed).toHaveLength(newPathFailures);
    expect(failed.every((request) => request.status === 500 && request.variant === 'on')).toBe(
      true,
    );
    const afterKill = (request: Sent) => request.startedAt > (killSeenAt[request.target] as number);
    expect(failed.filter(afterKill)).toEqual([]);
    const servedAfterKill = sent.filter(afterKill);
    expect(servedAfterKill.length).toBeGreaterThan(50);
    expect(
      servedAfterKill.every((request) => request.status === 200 && request.variant === 'off'),
    ).toBe(true);

    // The audit trail tells the story: a person started it, the guardrail stopped it, with figures.
    const audit = await tripswitch.admin.call('listAudit', {
      query: { flag: FLAG, from: new Date(rolloutStarted).toISOString() },
    });
    const story = audit.items.map((entry) => `${entry.actor} ${entry.action}`).reverse();
    expect(story.slice(0, 2)).toEqual([
      'token:TRIPSWITCH_ADMIN_TOKEN flagEnvironment.updated',
      'token:TRIPSWITCH_ADMIN_TOKEN rollout.started',
    ]);
    expect(story.slice(-2)).toEqual([
      'guardrail guardrail.tripped',
      'guardrail flagEnvironment.killed',
    ]);
    expect(audit.items[0]?.comment).toMatch(/error rate: on \d+(\.\d+)?% of \d+ outcomes, limit/);
  });

  it('a healthy new path reaches everyone by itself', { timeout: 60_000 }, async () => {
    // Both paths fail at the same base rate: not a reason to stop.
    const setup = await demo({ newPath: 0.01, oldPath: 0.01 });
    const { tripswitch, params, services, load } = setup;
    await tripswitch.admin.call('startRollout', {
      params,
      body: {
        steps: [
          { share: 10000, holdSeconds: 1 },
          { share: 50000, holdSeconds: 1 },
          { share: 100000, holdSeconds: 1 },
        ],
      },
    });
    await expect
      .poll(async () => (await tripswitch.admin.call('getRollout', { params })).state, {
        timeout: 40_000,
      })
      .toBe('completed');
    const sent = await load.stop();
    expect((await guardrailOf(setup)).state).toBe('armed');
    const versions = (await tripswitch.admin.call('listFlagVersions', { params })).items;
    expect(versions.slice(0, 2).map((version) => version.actor)).toEqual(['schedule', 'schedule']);
    for (const service of services) {
      await expect
        .poll(() =>
          ['user-1', 'user-2', 'user-3'].every((key) => service.client.isEnabled(FLAG, { key })),
        )
        .toBe(true);
    }
    const failures = services
      .flatMap((service) => service.calls)
      .filter((call) => call.failed).length;
    expect(failures).toBeGreaterThan(0);
    expect(sent.filter((request) => request.status !== 200)).toHaveLength(failures);
  });
});
