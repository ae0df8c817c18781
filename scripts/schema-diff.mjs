// Prints the SQL that takes a database (or an empty one) to what prisma/schema.prisma describes,
// with Prisma's schema engine compiled to WebAssembly (the native engine cannot be downloaded
// here). Use it to write a new migration, and the drift test uses it to prove the migrations
// build exactly the schema:
//   node --experimental-wasm-modules scripts/schema-diff.mjs                 # from empty
//   node --experimental-wasm-modules scripts/schema-diff.mjs --from-url URL  # from a database
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fromServer = createRequire(join(root, 'server', 'package.json'));
const load = (name) => import(pathToFileURL(fromServer.resolve(name)).href);

const { values } = parseArgs({ options: { 'from-url': { type: 'string' } } });
const fromUrl = values['from-url'];

const { SchemaEngine } = await load('@prisma/schema-engine-wasm');
const { PrismaPg } = await load('@prisma/adapter-pg');

const schemaPath = join(root, 'prisma', 'schema.prisma');
const datamodel = await readFile(schemaPath, 'utf8');
const connectionString = fromUrl ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
// The engine wants the factory wrapped the way the Prisma CLI wraps it (errors as values).
const fromAdapter = createRequire(fromServer.resolve('@prisma/adapter-pg'));
const { bindMigrationAwareSqlAdapterFactory } = await import(
  pathToFileURL(fromAdapter.resolve('@prisma/driver-adapter-utils')).href
);
const adapterFactory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
const engine = await SchemaEngine.new(
  { datamodels: [[schemaPath, datamodel]] },
  () => {},
  adapterFactory,
);
try {
  const result = await engine.diff({
    from: fromUrl ? { tag: 'url', url: fromUrl } : { tag: 'empty' },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: datamodel }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  process.stdout.write(result.stdout ?? '');
} catch (error) {
  console.error(`schema diff failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  engine.free();
}
