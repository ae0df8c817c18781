import { describe, expect, it, onTestFinished } from 'vitest';
import { guardedTripswitch, problemOf, webhookReceiver } from './support.ts';

// Webhooks: registered over the API with a secret shown once, delivered from an outbox by the
// elected instance, retried with backoff until the receiver takes them.

async function setup() {
  const tripswitch = await guardedTripswitch();
  onTestFinished(() => tripswitch.close());
  const hooks = await webhookReceiver();
  onTestFinished(() => hooks.close());
  return { tripswitch, hooks };
}

describe('webhooks', () => {
  it('shows the secret once, and retries a failing receiver until it takes the delivery', async () => {
    const { tripswitch, hooks } = await setup();
    const created = await tripswitch.admin.call('createWebhook', {
      body: { name: 'chat', url: hooks.url, events: ['rollout.advanced', 'rollout.completed'] },
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.webhook).toMatchObject({ name: 'chat', url: hooks.url, environments: [] });
    const listed = await tripswitch.admin.call('listWebhooks');
    expect(listed.items).toEqual([created.webhook]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    hooks.answer(500, 503);
    const flagKey = await tripswitch.flag();
    await tripswitch.admin.call('startRollout', {
      params: tripswitch.at(flagKey),
      body: {
        steps: [
          { share: 50000, holdSeconds: 0 },
          { share: 100000, holdSeconds: 0 },
        ],
      },
    });
    const webhookId = created.webhook.id;
    await expect
      .poll(
        async () =>
          (
            await tripswitch.admin.call('listWebhookDeliveries', { params: { webhookId } })
          ).items.map((delivery) => [delivery.event, delivery.state]),
        { timeout: 10_000 },
      )
      .toEqual([
        ['rollout.completed', 'delivered'],
        ['rollout.advanced', 'delivered'],
      ]);
    const deliveries = await tripswitch.admin.call('listWebhookDeliveries', {
      params: { webhookId },
    });
    expect(deliveries.items[1]).toMatchObject({
      attempts: 3,
      lastStatus: 204,
      lastError: null,
      nextAttemptAt: null,
    });
    // The advance: two failed attempts, then the one that was taken, all as one delivery.
    const advanced = hooks.received.filter(
      (request) => request.headers['x-tripswitch-event'] === 'rollout.advanced',
    );
    expect(advanced).toHaveLength(3);
    expect(new Set(advanced.map((request) => request.headers['x-tripswitch-delivery'])).size).toBe(
      1,
    );
    expect(JSON.parse(advanced[0]?.body ?? '')).toMatchObject({
      flagKey,
      share: 100000,
      stepIndex: 1,
    });
    expect(hooks.received).toHaveLength(4);
  });

  it('sends only the events and environments a webhook asked for', async () => {
    const { tripswitch, hooks } = await setup();
    await tripswitch.admin.call('createWebhook', {
      body: {
        name: 'staging only',
        url: hooks.url,
        events: ['rollout.advanced'],
        environments: ['staging'],
      },
    });
    const flagKey = await tripswitch.flag();
    await tripswitch.admin.call('startRollout', {
      params: tripswitch.at(flagKey),
      body: {
        steps: [
          { share: 50000, holdSeconds: 0 },
          { share: 100000, holdSeconds: 0 },
        ],
      },
    });
    await expect
      .poll(
        async () =>
          (await tripswitch.admin.call('getRollout', { params: tripswitch.at(flagKey) })).state,
        {
          timeout: 10_000,
        },
      )
      .toBe('completed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hooks.received).toEqual([]);
  });

  it('refuses bad definitions, and a removed webhook is gone with its deliveries', async () => {
    const { tripswitch, hooks } = await setup();
    const refused = await problemOf(
      tripswitch.admin.call('createWebhook', {
        body: { name: 'x', url: 'ftp://example.com', events: ['rollout.advanced'] },
      }),
    );
    expect(refused).toMatchObject({ status: 400, errors: [{ field: '/body/url' }] });
    const { webhook } = await tripswitch.admin.call('createWebhook', {
      body: { name: 'x', url: hooks.url, events: ['guardrail.tripped'] },
    });
    await tripswitch.admin.call('deleteWebhook', { params: { webhookId: webhook.id } });
    expect((await tripswitch.admin.call('listWebhooks')).items).toEqual([]);
    const gone = await problemOf(
      tripswitch.admin.call('listWebhookDeliveries', { params: { webhookId: webhook.id } }),
    );
    expect(gone).toMatchObject({ status: 404 });
    const audit = await tripswitch.admin.call('listAudit', {
      query: { action: 'webhook.deleted' },
    });
    expect(audit.items).toHaveLength(1);
  });
});
