import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO, type WatchedProcess, watch } from './support/processes.ts';

// The production server as the image runs it: the Dockerfile's deploy step builds the folder, its
// runtime stage copies that folder alone, and its CMD starts it. Here the same folder is built
// into the temporary directory and started with the same command by plain node (no tsx, no
// workspace around it), on the embedded store, and asked for readiness, the dashboard and the API.

const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
/** The deploy step's output folder in the build stage, e.g. /deploy. */
const deployStep = /^RUN node scripts\/deploy-folder\.mjs (\S+)$/m.exec(dockerfile);
const command = JSON.parse(/^CMD (\[.*\])$/m.exec(runtimeStage)?.[1] ?? '[]') as string[];

const node22 = inject('node22');
let folder: string;
let dataDir: string;
let server: WatchedProcess;
let url: string;
let adminToken: string;

/** Starts the folder with the Dockerfile's CMD, run by `node`, and waits for it to listen. */
async function startDeployed(node: string, data: string) {
  const [executable, ...args] = command;
  expect(executable).toBe('node');
  const started = watch(node, args, {
    cwd: folder,
    // What the image sets, with a free port and a private data folder; nothing of this workspace.
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      TRIPSWITCH_DATA_DIR: data,
      TRIPSWITCH_DRAIN_GRACE_MS: '100',
    },
  });
  const listening = await started.waitForLine((line) => line.includes('Server listening at'));
  return {
    server: started,
    url: /Server listening at (http:\/\/[^"]+)/.exec(listening)?.[1] ?? '',
    adminToken: (await started.waitForLine((line) => /^\s*tsa_/.test(line))).trim(),
  };
}

/** Readiness, the dashboard's page, and a flag created and listed through the API. */
async function servesEverything(url: string, adminToken: string, flagKey: string) {
  await expect.poll(async () => (await fetch(`${url}/readyz`)).status).toBe(200);
  const page = await fetch(`${url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const created = await fetch(`${url}/api/v1/flags`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ key: flagKey, name: 'Deployed' }),
  });
  expect(created.status).toBe(201);
  const listed = await fetch(`${url}/api/v1/flags`, { headers });
  expect(JSON.stringify(await listed.json())).toContain(flagKey);
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tripswitch-deploy-'));
  dataDir = mkdtempSync(join(tmpdir(), 'tripswitch-deploy-data-'));
  // This run's global setup built the SDK when it packed it.
  await promisify(execFile)(
    process.execPath,
    ['scripts/deploy-folder.mjs', folder, '--prebuilt-sdk'],
    { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
  );
  ({ server, url, adminToken } = await startDeployed(process.execPath, dataDir));
}, 300_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  rmSync(folder, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the deploy folder the Docker image runs', () => {
  it('is what the runtime stage copies, and its command runs compiled JavaScript', () => {
    expect(deployStep?.[1]).toBeDefined();
    const copies = [...runtimeStage.matchAll(/^COPY (.*)$/gm)].map((match) => match[1]);
    expect(copies).toEqual([`--from=build ${deployStep?.[1]} ./`]);
    expect(command).toEqual(['node', 'server/dist/main.js']);
  });

  it('holds the compiled server, migrations and dashboard, and no TypeScript loader', () => {
    expect(existsSync(join(folder, 'server/dist/main.js'))).toBe(true);
    expect(existsSync(join(folder, 'server/src'))).toBe(false);
    expect(readdirSync(join(folder, 'prisma/migrations')).length).toBeGreaterThan(0);
    expect(existsSync(join(folder, 'dashboard/dist/index.html'))).toBe(true);
    expect(existsSync(join(folder, 'server/node_modules/tsx'))).toBe(false);
    // Nor the tools that pnpm would link in as optional peers (.pnpmfile.cjs keeps them out).
    const installed = readdirSync(join(folder, 'server/node_modules/.pnpm'));
    const tools = ['tsx@', 'typescript@', 'prisma@', 'vite@', 'vitest@'];
    expect(installed.filter((name) => tools.some((tool) => name.startsWith(tool)))).toEqual([]);
    // The SDK as published: built JavaScript, no sources.
    const sdk = join(folder, 'server/node_modules/@tripswitch/sdk');
    expect(existsSync(join(sdk, 'dist/protocol/index.js'))).toBe(true);
    expect(existsSync(join(sdk, 'src'))).toBe(false);
  });

  it('starts with plain node, gets ready, serves the dashboard and answers the API', async () => {
    await servesEverything(url, adminToken, 'deployed-flag');
  });

  it.skipIf(!node22)('does the same on Node 22', async () => {
    const data = mkdtempSync(join(tmpdir(), 'tripswitch-deploy-data-'));
    const started = await startDeployed(node22 as string, data);
    try {
      await servesEverything(started.url, started.adminToken, 'deployed-on-22');
      const version = await promisify(execFile)(node22 as string, ['--version']);
      expect(version.stdout).toMatch(/^v22\./);
    } finally {
      started.server.child.kill('SIGTERM');
      await started.server.exited;
      rmSync(data, { recursive: true, force: true });
    }
  });
});
