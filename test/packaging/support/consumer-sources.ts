// The consumer applications: each prints one JSON line per state of FLAG for user-1, first once
// ready and then on every change, and closes its client when its stdin ends.

const esmBody = `
const { TRIPSWITCH_URL: url, TRIPSWITCH_SDK_KEY: sdkKey, FLAG: flag } = process.env;
const flags = createClient({ url, sdkKey });
await flags.ready({ timeoutMs: 10_000 });
const report = () =>
  console.log(JSON.stringify({ node: process.versions.node, enabled: flags.isEnabled(flag, { key: 'user-1' }) }));
report();
flags.onFlagChange(flag, report);
process.stdin.on('end', () => flags.close().then(() => process.exit(0)));
process.stdin.resume();
`;

/** Plain Node ESM, the root entry point (the `node` condition). */
export const APP_MJS = `import { createClient } from '@tripswitch/sdk';
import { readSnapshotFile } from '@tripswitch/sdk/node';
if (typeof readSnapshotFile !== 'function') throw new Error('@tripswitch/sdk/node is empty');
${esmBody}`;

/** CommonJS: Node 20.19+ requires the ESM build (require(esm)). */
export const APP_CJS = `const { createClient } = require('@tripswitch/sdk');
(async () => {${esmBody.replace(/^/gm, '  ')}
})();
`;

/**
 * TypeScript against the package's declarations, strict: the `@ts-expect-error` lines fail the
 * compile if the types were missing or `any`, so a passing compile proves they were read.
 */
export const APP_TS = `import { createClient, type TripswitchClient } from '@tripswitch/sdk';
import { createBrowserClient, type BrowserClientOptions } from '@tripswitch/sdk/browser';
import type { FlagConfig } from '@tripswitch/sdk/protocol';

const { TRIPSWITCH_URL: url = '', TRIPSWITCH_SDK_KEY: sdkKey = '', FLAG: flag = '' } = process.env;
const flags: TripswitchClient = createClient({ url, sdkKey });
// @ts-expect-error: a string default gives a string, never a number
const wrong: number = flags.variation(flag, { key: 'user-1' }, 'blue');
// @ts-expect-error: sdkKey is required
const options: BrowserClientOptions = { url };
const config: Pick<FlagConfig, 'on'> = { on: true };
void [wrong, options, config, createBrowserClient];

await flags.ready({ timeoutMs: 10_000 });
const enabled: boolean = flags.isEnabled(flag, { key: 'user-1' });
const report = (value: boolean) =>
  console.log(JSON.stringify({ node: process.versions.node, enabled: value }));
report(enabled);
flags.onFlagChange(flag, () => report(flags.isEnabled(flag, { key: 'user-1' })));
process.stdin.on('end', () => flags.close().then(() => process.exit(0)));
process.stdin.resume();
`;

/**
 * A consumer's tsconfig: Node ESM resolution through the exports map, strict. skipLibCheck as
 * most apps set it (tsc --init does): checking @types/node's own files costs 7 s here, and our
 * declarations were checked when they were emitted; their resolution and meaning still are.
 */
export function consumerTsconfig(typeRoots: string): string {
  return JSON.stringify({
    compilerOptions: {
      module: 'nodenext',
      target: 'es2022',
      lib: ['es2023'],
      strict: true,
      exactOptionalPropertyTypes: true,
      noEmitOnError: true,
      skipLibCheck: true,
      outDir: 'out',
      types: ['node'],
      typeRoots: [typeRoots],
    },
    files: ['app.ts'],
  });
}

/** A page's script: the browser client from the root entry point, as a bundler resolves it. */
export const PAGE_JS = `import { createBrowserClient } from '@tripswitch/sdk';
const params = new URLSearchParams(location.hash.slice(1));
const flag = params.get('flag');
const flags = createBrowserClient({ url: params.get('url'), sdkKey: params.get('key'), context: { key: 'user-1' } });
window.flagStates = [];
const report = () => window.flagStates.push(flags.isEnabled(flag, flags.context));
flags.ready({ timeoutMs: 10_000 }).then(report);
flags.onFlagChange(flag, report);
`;
