import { type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

// Configuration comes from environment variables only, checked once at start. Each variable has a
// schema and a sentence saying what it accepts, so a bad value stops the server with one line that
// names the variable.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  /** External Postgres; without it the server runs an embedded one in `dataDir`. */
  databaseUrl: string | undefined;
  /** Redis for the propagation bus; without it an in-process bus (one instance only). */
  redisUrl: string | undefined;
  /** Prefix of the bus channel, so several deployments (or tests) can share one Redis. */
  redisPrefix: string;
  /** How often each instance compares its revisions with Postgres (anti-entropy). */
  resyncIntervalMs: number;
  /** Concurrent streams one SDK token may hold on one instance; more get 429. */
  streamsPerToken: number;
  /** A stream whose unsent bytes exceed this is closed (the SDK reconnects and resyncs). */
  streamBufferBytes: number;
  /** Test-only: changes to this flag key are committed but never published on the bus. */
  suppressPublishFor: string | undefined;
  dataDir: string;
  /** Makes sure an admin token with exactly this secret exists. */
  adminToken: string | undefined;
  migrate: boolean;
  drainTimeoutMs: number;
  /** After SIGTERM, how long the listener keeps accepting with readiness failed (balancers notice). */
  drainGraceMs: number;
  /** A connection with no bytes either way for this long is closed (streams excepted: they beat). */
  idleTimeoutMs: number;
  /** A request whose headers have not all arrived this long after it began is closed. */
  headersTimeoutMs: number;
  /** When set, /metrics answers only a scrape with `Authorization: Bearer <this>`. */
  metricsToken: string | undefined;
  /** Failed authentications one client address may make per window before it gets 429. */
  authFailureLimit: number;
  /** The window failed authentications are counted in, from an address's first failure. */
  authFailureWindowMs: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Fastify's trustProxy):
   * false (the socket's peer), true (any), or proxy addresses and CIDR ranges.
   */
  trustProxy: boolean | string;
  logLevel: LogLevel;
  /** Width of the time buckets SDK metrics are stored in. */
  metricsBucketMs: number;
  /** Metric buckets older than this are deleted. */
  metricsRetentionHours: number;
  /** How often an instance writes the metrics it received to Postgres. */
  ingestFlushMs: number;
  /** How often the elected instance evaluates guardrails, advances rollouts and sends webhooks. */
  guardrailIntervalMs: number;
  /** The first retry delay of a failed webhook delivery (it doubles, up to an hour). */
  webhookRetryMs: number;
}

interface Variable {
  key: keyof Config;
  schema: TSchema;
  /** What the variable accepts, said to whoever set it wrong. */
  expects: string;
  fallback?: unknown;
}

const variables: Record<string, Variable> = {
  PORT: {
    key: 'port',
    schema: Type.Integer({ minimum: 0, maximum: 65535 }),
    expects: 'an integer port between 0 and 65535',
    fallback: 4000,
  },
  HOST: {
    key: 'host',
    schema: Type.String({ minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9.:_-]+$' }),
    expects: 'a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
    fallback: '127.0.0.1',
  },
  DATABASE_URL: {
    key: 'databaseUrl',
    schema: Type.String({ pattern: '^postgres(ql)?://[^\\s]+$' }),
    expects: 'a postgres:// or postgresql:// connection URL',
  },
  REDIS_URL: {
    key: 'redisUrl',
    schema: Type.String({ pattern: '^rediss?://[^\\s]+$' }),
    expects: 'a redis:// or rediss:// URL',
  },
  TRIPSWITCH_REDIS_PREFIX: {
    key: 'redisPrefix',
    schema: Type.String({ pattern: '^[A-Za-z0-9:._-]{1,64}$' }),
    expects: 'up to 64 letters, digits, ":", ".", "_" or "-"',
    fallback: 'tripswitch',
  },
  TRIPSWITCH_RESYNC_INTERVAL_MS: {
    key: 'resyncIntervalMs',
    schema: Type.Integer({ minimum: 100, maximum: 600000 }),
    expects: 'a whole number of milliseconds between 100 and 600000',
    fallback: 3000,
  },
  TRIPSWITCH_STREAMS_PER_TOKEN: {
    key: 'streamsPerToken',
    schema: Type.Integer({ minimum: 1, maximum: 1000000 }),
    expects: 'a whole number between 1 and 1000000',
    fallback: 10000,
  },
  TRIPSWITCH_STREAM_BUFFER_BYTES: {
    key: 'streamBufferBytes',
    schema: Type.Integer({ minimum: 1024, maximum: 1073741824 }),
    expects: 'a whole number of bytes between 1024 and 1073741824',
    fallback: 1048576,
  },
  TRIPSWITCH_TEST_SUPPRESS_PUBLISH: {
    key: 'suppressPublishFor',
    schema: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' }),
    expects: 'a flag key (test-only: its changes are never published on the bus)',
  },
  TRIPSWITCH_DATA_DIR: {
    key: 'dataDir',
    schema: Type.String({ minLength: 1, maxLength: 4096 }),
    expects: 'a folder for the embedded database',
    fallback: './.tripswitch/data',
  },
  TRIPSWITCH_ADMIN_TOKEN: {
    key: 'adminToken',
    schema: Type.String({ pattern: '^tsa_[A-Za-z0-9_-]{32,200}$' }),
    expects: '"tsa_" followed by at least 32 letters, digits, "_" or "-"',
  },
  TRIPSWITCH_MIGRATE: {
    key: 'migrate',
    schema: Type.Boolean(),
    expects: '"true" or "false"',
    fallback: true,
  },
  TRIPSWITCH_DRAIN_TIMEOUT_MS: {
    key: 'drainTimeoutMs',
    schema: Type.Integer({ minimum: 0, maximum: 600000 }),
    expects: 'a whole number of milliseconds between 0 and 600000',
    fallback: 10000,
  },
  TRIPSWITCH_DRAIN_GRACE_MS: {
    key: 'drainGraceMs',
    schema: Type.Integer({ minimum: 0, maximum: 300000 }),
    expects: 'a whole number of milliseconds between 0 and 300000',
    fallback: 5000,
  },
  TRIPSWITCH_IDLE_TIMEOUT_MS: {
    key: 'idleTimeoutMs',
    schema: Type.Integer({ minimum: 100, maximum: 600000 }),
    expects: 'a whole number of milliseconds between 100 and 600000',
    fallback: 30000,
  },
  TRIPSWITCH_HEADERS_TIMEOUT_MS: {
    key: 'headersTimeoutMs',
    schema: Type.Integer({ minimum: 100, maximum: 600000 }),
    expects: 'a whole number of milliseconds between 100 and 600000',
    fallback: 10000,
  },
  TRIPSWITCH_METRICS_TOKEN: {
    key: 'metricsToken',
    schema: Type.String({ minLength: 16, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' }),
    expects: 'at least 16 printable characters, no spaces (Prometheus sends it as a bearer token)',
  },
  TRIPSWITCH_AUTH_FAILURE_LIMIT: {
    key: 'authFailureLimit',
    schema: Type.Integer({ minimum: 1, maximum: 1000000 }),
    expects: 'a whole number between 1 and 1000000',
    fallback: 20,
  },
  TRIPSWITCH_AUTH_FAILURE_WINDOW_MS: {
    key: 'authFailureWindowMs',
    schema: Type.Integer({ minimum: 1000, maximum: 3600000 }),
    expects: 'a whole number of milliseconds between 1000 and 3600000',
    fallback: 10000,
  },
  TRIPSWITCH_TRUST_PROXY: {
    key: 'trustProxy',
    schema: Type.String({
      pattern: '^(true|false|[0-9]{1,2}|[0-9A-Za-z.:/]+( *, *[0-9A-Za-z.:/]+)*)$',
    }),
    expects:
      'true, false, a number of proxy hops, or comma-separated proxy addresses or CIDR ranges (e.g. 10.0.0.0/8, loopback)',
    fallback: 'false',
  },
  LOG_LEVEL: {
    key: 'logLevel',
    schema: Type.Union(LOG_LEVELS.map((level) => Type.Literal(level))),
    expects: `one of ${LOG_LEVELS.join(', ')}`,
    fallback: 'info',
  },
  TRIPSWITCH_METRICS_BUCKET_MS: {
    key: 'metricsBucketMs',
    schema: Type.Integer({ minimum: 1000, maximum: 3600000 }),
    expects: 'a whole number of milliseconds between 1000 and 3600000',
    fallback: 10000,
  },
  TRIPSWITCH_METRICS_RETENTION_HOURS: {
    key: 'metricsRetentionHours',
    schema: Type.Integer({ minimum: 1, maximum: 8760 }),
    expects: 'a whole number of hours between 1 and 8760',
    fallback: 168,
  },
  TRIPSWITCH_INGEST_FLUSH_MS: {
    key: 'ingestFlushMs',
    schema: Type.Integer({ minimum: 10, maximum: 60000 }),
    expects: 'a whole number of milliseconds between 10 and 60000',
    fallback: 1000,
  },
  TRIPSWITCH_GUARDRAIL_INTERVAL_MS: {
    key: 'guardrailIntervalMs',
    schema: Type.Integer({ minimum: 50, maximum: 600000 }),
    expects: 'a whole number of milliseconds between 50 and 600000',
    fallback: 5000,
  },
  TRIPSWITCH_WEBHOOK_RETRY_MS: {
    key: 'webhookRetryMs',
    schema: Type.Integer({ minimum: 10, maximum: 3600000 }),
    expects: 'a whole number of milliseconds between 10 and 3600000',
    fallback: 10000,
  },
};

/** A configuration mistake, worded as the one line the operator needs to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const BOOLEAN_WORDS = new Map([
  ['true', true],
  ['false', false],
]);

function parseVariable(name: string, variable: Variable, raw: string): unknown {
  // Booleans are spelled out: "1", "yes" or "TRUE" would hide a typo in a deployment file.
  const converted =
    variable.schema.type === 'boolean'
      ? (BOOLEAN_WORDS.get(raw) ?? raw)
      : Value.Convert(variable.schema, raw);
  if (!Value.Check(variable.schema, converted)) {
    const shown = name === 'TRIPSWITCH_ADMIN_TOKEN' ? 'a value' : JSON.stringify(raw);
    throw new ConfigError(`${name} must be ${variable.expects} (got ${shown})`);
  }
  return converted;
}

/** Reads the configuration from environment variables; throws a one-line ConfigError when one is wrong. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const config: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(variables)) {
    const raw = env[name];
    config[variable.key] =
      raw === undefined || raw === '' ? variable.fallback : parseVariable(name, variable, raw);
  }
  config.trustProxy = trustProxySetting(config.trustProxy as string);
  return config as unknown as Config;
}

/** TRIPSWITCH_TRUST_PROXY as Fastify's trustProxy takes it. */
function trustProxySetting(raw: string): Config['trustProxy'] {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return raw;
}
