import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, skipBrowser } from '../browser/support/chromium.ts';
import { liveBrowserTripswitch } from '../sdk/browser-live.ts';
import { type ConsumerApp, createConsumerApp, TSC, TYPE_ROOTS } from './support/consumer-app.ts';
import { APP_CJS, APP_MJS, APP_TS, consumerTsconfig, PAGE_JS } from './support/consumer-sources.ts';
import { watch } from './support/processes.ts';

// The SDK as a user outside this repository gets it: `npm pack`, `npm install` of the tarball into
// a fresh app in the temporary folder, then plain node (ESM and CommonJS), tsc against the
// shipped declarations, and a browser bundle, each following a live server and seeing a kill.

const tarball = inject('sdkTarball');
const node22 = inject('node22');
let app: ConsumerApp;
let tripswitch: Awaited<ReturnType<typeof liveBrowserTripswitch>>;

beforeAll(async () => {
  [app, tripswitch] = await Promise.all([createConsumerApp(tarball.path), liveBrowserTripswitch()]);
});
afterAll(async () => {
  await tripswitch?.close();
  app?.remove();
});

/** Runs a consumer script, waits for it to serve the flag on, kills the flag, waits for off. */
async function followsAKill(args: string[], node = process.execPath) {
  const expectedNode = node === process.execPath ? process.versions.node : /^22\./;
  const flag = await tripswitch.flag();
  const consumer = watch(node, args, {
    cwd: app.folder,
    env: {
      ...process.env,
      TRIPSWITCH_URL: tripswitch.server.url,
      FLAG: flag,
      TRIPSWITCH_SDK_KEY: tripswitch.sdkKey,
    },
  });
  try {
    const first = await consumer.waitForLine((line) => line.startsWith('{'), 'its first result');
    expect(JSON.parse(first)).toEqual({ node: expect.stringMatching(expectedNode), enabled: true });
    await tripswitch.kill(flag);
    await consumer.waitForLine((line) => line.includes('"enabled":false'), 'the kill');
    consumer.child.stdin?.end();
    expect(await consumer.exited).toBe(0);
  } finally {
    consumer.child.kill();
  }
}

/** Compiles app.ts with tsc (strict, nodenext) into out/; any type error fails. */
async function compileConsumer() {
  app.write('app.ts', APP_TS);
  app.write('tsconfig.json', consumerTsconfig(TYPE_ROOTS));
  await promisify(execFile)(process.execPath, [TSC, '-p', '.'], { cwd: app.folder }).catch(
    (error: { stdout: string }) => {
      throw new Error(`tsc failed:\n${error.stdout}`);
    },
  );
}

describe('the packed SDK', () => {
  it('holds the built JavaScript, its declarations and the documents, and no test files', () => {
    const { files } = tarball;
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']),
    );
    expect(files.filter((file) => !file.startsWith('dist/')).sort()).toEqual(
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'].sort(),
    );
    expect(
      files.filter((file) => /\.test\.|\/testing\/|\.ts$/.test(file) && !file.endsWith('.d.ts')),
    ).toEqual([]);
  });

  it('points every export it publishes at a file it holds', () => {
    const manifest = JSON.parse(
      readFileSync(join(app.folder, 'node_modules/@tripswitch/sdk/package.json'), 'utf8'),
    );
    const targets: string[] = [];
    const collect = (value: unknown, condition: string) => {
      // The workspace's source condition names files that are not published (and never used
      // outside the repository).
      if (condition === '@tripswitch/source') return;
      if (typeof value === 'string') targets.push(value.replace(/^\.\//, ''));
      else for (const [key, inner] of Object.entries(value as object)) collect(inner, key);
    };
    collect(manifest.exports, '');
    expect(Object.keys(manifest.exports)).toEqual(
      expect.arrayContaining([
        '.',
        './core',
        './node',
        './browser',
        './react',
        './openfeature',
        './openfeature/web',
        './admin',
        './protocol',
      ]),
    );
    expect(targets.filter((target) => !tarball.files.includes(target))).toEqual([]);
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.peerDependenciesMeta.react.optional).toBe(true);
  });

  it('runs under plain node as ESM and follows a kill from a live server', async () => {
    app.write('app.mjs', APP_MJS);
    await followsAKill(['app.mjs']);
  });

  it('is required from CommonJS (require(esm)) and follows a kill', async () => {
    app.write('app.cjs', APP_CJS);
    await followsAKill(['app.cjs']);
  });

  it('typechecks a strict TypeScript consumer against its declarations, which then runs', async () => {
    await compileConsumer();
    await followsAKill(['out/app.js']);
  });

  it.skipIf(skipBrowser)(
    'bundles createBrowserClient for a page, which follows a kill in Chromium',
    async () => {
      const entry = app.write('page.js', PAGE_JS);
      const bundle = await build({
        entryPoints: [entry],
        absWorkingDir: app.folder,
        bundle: true,
        platform: 'browser',
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      const script = bundle.outputFiles[0]?.text ?? '';
      const page = await servePage(script);
      const browser = await launchChromium();
      try {
        const flag = await tripswitch.flag();
        const tab = await browser.newPage();
        const hash = new URLSearchParams({
          url: tripswitch.server.url,
          key: tripswitch.clientKey,
          flag,
        });
        await tab.goto(`${page.url}#${hash}`);
        await tab.waitForFunction(
          () => (window as unknown as { flagStates: boolean[] }).flagStates.at(-1) === true,
        );
        await tripswitch.kill(flag);
        await tab.waitForFunction(
          () => (window as unknown as { flagStates: boolean[] }).flagStates.at(-1) === false,
        );
      } finally {
        await browser.close();
        page.server.close();
      }
    },
  );
});

/** A page on its own origin (not the Tripswitch server's), serving the bundle as a module. */
async function servePage(script: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.url === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      return;
    }
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><title>consumer</title><script type="module" src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe.skipIf(!node22)('the packed SDK on Node 22', () => {
  it('runs as ESM, from CommonJS and compiled from TypeScript, and follows a kill each time', async () => {
    const node = node22 as string;
    for (const [name, source] of [
      ['app.mjs', APP_MJS],
      ['app.cjs', APP_CJS],
    ] as const)
      app.write(name, source);
    await followsAKill(['app.mjs'], node);
    await followsAKill(['app.cjs'], node);
    if (!existsSync(join(app.folder, 'out/app.js'))) await compileConsumer();
    await followsAKill(['out/app.js'], node);
  });
});
