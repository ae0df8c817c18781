// Prints the SQL that builds, from an empty database, exactly what prisma/schema.prisma describes,
// using Prisma's schema engine compiled to WebAssembly (the native engine cannot be downloaded
// everywhere). Start a new migration from it, and the drift test compares what it builds with
// what our migrations build:
//   node --experimental-wasm-modules scripts/schema-sql.mjs      (or: pnpm db:schema-sql)
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fromServer = createRequire(join(root, 'server', 'package.json'));
const load = (path) => import(pathToFileURL(path).href);

const { SchemaEngine } = await load(fromServer.resolve('@prisma/schema-engine-wasm'));
const { PrismaPg } = await load(fromServer.resolve('@prisma/adapter-pg'));
// The engine wants the adapter factory wrapped the way the Prisma CLI wraps it (errors as values).
const fromAdapter = createRequire(fromServer.resolve('@prisma/adapter-pg'));
const { bindMigrationAwareSqlAdapterFactory } = await load(
  fromAdapter.resolve('@prisma/driver-adapter-utils'),
);

const schemaPath = join(root, 'prisma', 'schema.prisma');
const datamodel = await readFile(schemaPath, 'utf8');
// The engine connects once at start (nothing is read or written): any reachable Postgres does.
const connectionString =
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const adapterFactory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
const engine = await SchemaEngine.new(
  { datamodels: [[schemaPath, datamodel]] },
  () => {},
  adapterFactory,
);
try {
  const result = await engine.diff({
    from: { tag: 'empty' },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: datamodel }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  process.stdout.write(result.stdout ?? '');
} catch (error) {
  console.error(`schema-sql failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  engine.free();
}
// The adapter's pool would otherwise keep the process alive until its idle timeout.
process.exit();
