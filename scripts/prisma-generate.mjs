// Generates the Prisma client into server/src/generated (run by the root `postinstall`).
// Every Prisma CLI command first downloads its native schema engine, which is unreachable on
// machines without internet; `prisma generate` never uses it, so when the variable is unset we
// point PRISMA_SCHEMA_ENGINE_BINARY at a stand-in. Users who set it keep their real engine.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromServer = createRequire(join(root, 'server', 'package.json'));
const prismaCli = join(
  dirname(requireFromServer.resolve('prisma/package.json')),
  'build',
  'index.js',
);

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= join(root, 'scripts', 'no-schema-engine.sh');
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';

const result = spawnSync(
  process.execPath,
  [prismaCli, 'generate', '--config', join(root, 'prisma', 'prisma.config.ts')],
  { cwd: root, env, stdio: 'inherit' },
);
if (result.status !== 0) {
  console.error('prisma generate failed: the server cannot start without its generated client');
  process.exit(result.status ?? 1);
}
