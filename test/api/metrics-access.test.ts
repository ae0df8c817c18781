import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

const SCRAPE_TOKEN = 'prometheus-scrape-secret-1234';

describe('/metrics', () => {
  let open: TestApp;
  let guarded: TestApp;
  beforeAll(async () => {
    [open, guarded] = await Promise.all([
      createTestApp(),
      createTestApp({ config: { metricsToken: SCRAPE_TOKEN } }),
    ]);
  });
  afterAll(() => Promise.all([open?.close(), guarded?.close()]));

  it('is open to a scrape without credentials by default, as Prometheus expects', async () => {
    const response = await open.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('process_cpu_user_seconds_total');
  });

  it('answers only the configured bearer token once TRIPSWITCH_METRICS_TOKEN is set', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${SCRAPE_TOKEN}x`]) {
      const response = await guarded.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'TS_UNAUTHORIZED' });
      expect(response.body).not.toContain('nodejs_version_info');
    }
    const scraped = await guarded.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${SCRAPE_TOKEN}` },
    });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('nodejs_version_info');
  });
});
