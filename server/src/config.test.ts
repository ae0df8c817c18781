import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('uses the embedded defaults when nothing is set', () => {
    expect(parseConfig({})).toEqual({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      redisUrl: undefined,
      redisPrefix: 'tripswitch',
      resyncIntervalMs: 3000,
      streamsPerToken: 10000,
      streamBufferBytes: 1048576,
      suppressPublishFor: undefined,
      dataDir: './.tripswitch/data',
      adminToken: undefined,
      migrate: true,
      drainTimeoutMs: 10000,
      drainGraceMs: 5000,
      idleTimeoutMs: 30000,
      headersTimeoutMs: 10000,
      metricsToken: undefined,
      authFailureLimit: 20,
      authFailureWindowMs: 10000,
      trustProxy: false,
      logLevel: 'info',
      metricsBucketMs: 10000,
      metricsRetentionHours: 168,
      ingestFlushMs: 1000,
      guardrailIntervalMs: 5000,
      webhookRetryMs: 10000,
    });
  });

  it('reads and converts every variable', () => {
    const token = `tsa_${'a'.repeat(43)}`;
    const config = parseConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://u@db:5432/tripswitch',
      REDIS_URL: 'redis://cache:6379',
      TRIPSWITCH_DATA_DIR: '/var/lib/tripswitch',
      TRIPSWITCH_ADMIN_TOKEN: token,
      TRIPSWITCH_MIGRATE: 'false',
      TRIPSWITCH_DRAIN_TIMEOUT_MS: '2500',
      TRIPSWITCH_DRAIN_GRACE_MS: '800',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      migrate: false,
      drainTimeoutMs: 2500,
      drainGraceMs: 800,
      adminToken: token,
    });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['10.0.0.0/8, 172.16.0.0/12', '10.0.0.0/8, 172.16.0.0/12'],
    ['loopback', 'loopback'],
  ])('reads TRIPSWITCH_TRUST_PROXY=%j as Fastify trustProxy %j', (raw, expected) => {
    expect(parseConfig({ TRIPSWITCH_TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each([
    ['TRIPSWITCH_TRUST_PROXY', 'yes please', /^TRIPSWITCH_TRUST_PROXY must be true, false/],
    ['TRIPSWITCH_TRUST_PROXY', '10.0.0.1;', /^TRIPSWITCH_TRUST_PROXY must be/],
    ['TRIPSWITCH_AUTH_FAILURE_LIMIT', '0', /^TRIPSWITCH_AUTH_FAILURE_LIMIT must be/],
    ['TRIPSWITCH_AUTH_FAILURE_WINDOW_MS', '10', /^TRIPSWITCH_AUTH_FAILURE_WINDOW_MS must be/],
    ['PORT', 'eighty', /^PORT must be an integer port between 0 and 65535 \(got "eighty"\)$/],
    ['PORT', '70000', /^PORT must be/],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL must be a postgres/],
    ['REDIS_URL', 'localhost:6379', /^REDIS_URL must be a redis/],
    ['TRIPSWITCH_MIGRATE', 'yes', /^TRIPSWITCH_MIGRATE must be "true" or "false"/],
    ['TRIPSWITCH_DRAIN_TIMEOUT_MS', '-1', /^TRIPSWITCH_DRAIN_TIMEOUT_MS must be/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL must be one of fatal/],
    ['TRIPSWITCH_METRICS_BUCKET_MS', '500', /^TRIPSWITCH_METRICS_BUCKET_MS must be/],
    ['TRIPSWITCH_GUARDRAIL_INTERVAL_MS', 'often', /^TRIPSWITCH_GUARDRAIL_INTERVAL_MS must be/],
  ])('stops with one line naming %s when it is %j', (name, value, message) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(message);
  });

  it('refuses a short or unprefixed admin token without echoing it', () => {
    for (const value of ['tsa_short', `tss_${'a'.repeat(43)}`]) {
      expect(() => parseConfig({ TRIPSWITCH_ADMIN_TOKEN: value })).toThrow(
        'TRIPSWITCH_ADMIN_TOKEN must be "tsa_" followed by at least 32 letters, digits, "_" or "-" (got a value)',
      );
    }
  });
});
