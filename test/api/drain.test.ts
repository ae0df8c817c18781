import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSecret } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// A real server process (tsx server/src/main.ts) told to stop while a request is half sent.

const root = fileURLToPath(new URL('../..', import.meta.url));
const DRAIN_TIMEOUT_MS = 4000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

function startServer(
  adminToken: string,
): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@tripswitch/source', '--import', 'tsx', 'server/src/main.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: '0',
        TRIPSWITCH_ADMIN_TOKEN: adminToken,
        TRIPSWITCH_DRAIN_TIMEOUT_MS: String(DRAIN_TIMEOUT_MS),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], exited });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    );
  });
}

describe('SIGTERM', () => {
  it('fails readiness at once, lets an in-flight request finish, and exits within the drain bound', async () => {
    const adminToken = adminSecret();
    const { child, url, exited } = await startServer(adminToken);

    const body = JSON.stringify({ key: 'created-while-draining' });
    const half = Math.floor(body.length / 2);
    const inFlight = new Promise<{ status: number; connection?: string }>((resolve, reject) => {
      const req = request(`${url}/api/v1/flags`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${adminToken}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.on('response', (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      // The rest arrives after the listener has started closing.
      child.once('exit', () => req.destroy());
      setTimeout(() => req.end(body.slice(half)), 1800);
    });
    await sleep(300);

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await sleep(100);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).checks.draining).toBe('draining');
    // Keep-alive clients are told to move on: no idle socket holds the shutdown back.
    expect(ready.headers.get('connection')).toBe('close');

    expect(await inFlight).toEqual({ status: 201, connection: 'close' });
    expect(await exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(DRAIN_TIMEOUT_MS + 1000);
  });
});
