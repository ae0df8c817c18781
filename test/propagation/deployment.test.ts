import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@tripswitch/server';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs here, so the deployment files are checked as data: services, health
// checks, ports and environment wiring, and a configuration the server itself accepts.

const read = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  volumes?: string[];
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
};
const instances = ['tripswitch-a', 'tripswitch-b'];

describe('docker-compose.yml', () => {
  it('runs Postgres, Redis, two Tripswitch instances and a load balancer', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['lb', 'postgres', 'redis', ...instances].sort(),
    );
    for (const name of ['postgres', 'redis']) {
      expect(compose.services[name]?.healthcheck?.test.length, name).toBeGreaterThan(1);
    }
  });

  it('wires each instance to the Postgres and Redis services, with a configuration the server accepts', () => {
    const postgres = compose.services.postgres?.environment ?? {};
    for (const name of instances) {
      const service = compose.services[name] as Service;
      expect(service.build).toBe('.');
      const env = { ...service.environment, TRIPSWITCH_ADMIN_TOKEN: `tsa_${'a'.repeat(40)}` };
      const config = parseConfig(env);
      const database = new URL(config.databaseUrl as string);
      expect(database.hostname).toBe('postgres');
      expect(database.username).toBe(postgres.POSTGRES_USER);
      expect(database.password).toBe(postgres.POSTGRES_PASSWORD);
      expect(database.pathname).toBe(`/${postgres.POSTGRES_DB}`);
      expect(new URL(config.redisUrl as string).hostname).toBe('redis');
      expect(config.host).toBe('0.0.0.0');
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
      // Docker must not SIGKILL a draining instance.
      expect(Number.parseInt(service.stop_grace_period as string, 10) * 1000).toBeGreaterThan(
        config.drainTimeoutMs,
      );
      expect(service.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${config.port}/readyz`);
    }
  });

  it('balances over both instances, health-checked on /readyz, on the published port', () => {
    const lb = compose.services.lb as Service;
    expect(lb.ports).toEqual(['4000:4000']);
    expect(lb.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    const haproxy = read('deploy/haproxy.cfg');
    expect(haproxy).toMatch(/^\s*bind :4000$/m);
    expect(haproxy).toMatch(/^\s*option httpchk GET \/readyz$/m);
    expect(haproxy).toMatch(/^\s*http-check expect status 200$/m);
    for (const name of instances) {
      const port = compose.services[name]?.environment?.PORT;
      expect(haproxy).toMatch(new RegExp(`^\\s*server ${name} ${name}:${port} check$`, 'm'));
    }
    // SSE streams outlive ordinary request timeouts.
    expect(haproxy).toMatch(/^\s*timeout tunnel \d+h$/m);
    // The client address reaches the instances (a client's own X-Forwarded-For is dropped), and
    // they believe it: failed authentication is limited per client, not per balancer.
    expect(haproxy).toMatch(/^\s*option forwardfor$/m);
    expect(haproxy).toMatch(/^\s*http-request del-header X-Forwarded-For$/m);
    for (const name of instances) {
      const env = {
        ...compose.services[name]?.environment,
        TRIPSWITCH_ADMIN_TOKEN: `tsa_${'a'.repeat(40)}`,
      };
      expect(parseConfig(env).trustProxy).toBe('uniquelocal');
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)];

  it('builds in one stage and runs from another, on Node 20', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const [, image] of stages) expect(image).toMatch(/^node:20/);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
  });

  it('runs the server as a non-root user, with a readiness health check', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const user = /^USER (\S+)$/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime.indexOf('USER ')).toBeLessThan(runtime.indexOf('CMD ['));
    expect(runtime).toMatch(/^HEALTHCHECK .*/m);
    expect(runtime).toContain('/readyz');
    // What CMD runs is started for real by test/packaging/server-deploy.test.ts.
  });

  it('keeps node_modules and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.git', '.env']));
  });
});
