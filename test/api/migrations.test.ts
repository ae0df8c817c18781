import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checksumOf, MigrationError, migrate, readMigrations } from '@tripswitch/server/migrations';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseUrl, withAdminConnection } from '../support/postgres.ts';

const created: string[] = [];
afterEach(async () => {
  await withAdminConnection(async (admin) => {
    for (const name of created.splice(0))
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

async function emptyDatabase(): Promise<string> {
  const name = `tripswitch_migrations_${Math.random().toString(36).slice(2, 10)}`;
  await withAdminConnection((admin) => admin.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  return databaseUrl(name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const history = (url: string) =>
  query<{
    id: string;
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    logs: string | null;
    applied_steps_count: number;
  }>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY migration_name');

describe('migration runner', () => {
  it('records each migration as Prisma does: uuid id, sha256 checksum, finish time, one step', async () => {
    const url = await emptyDatabase();
    const files = await readMigrations();
    expect(await migrate(url)).toEqual(files.map((file) => file.name));
    const rows = await history(url);
    expect(rows).toHaveLength(files.length);
    for (const [i, row] of rows.entries()) {
      const file = files[i] as (typeof files)[0];
      expect(row).toMatchObject({
        migration_name: file.name,
        checksum: checksumOf(file.sql),
        logs: null,
        applied_steps_count: 1,
      });
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
    }
    expect(await migrate(url)).toEqual([]);
  });

  it('applies each migration exactly once when two runners start together', async () => {
    const url = await emptyDatabase();
    // A slow migration that would fail if run twice makes the runners overlap for real.
    const files = [
      ...(await readMigrations()),
      {
        name: '20991231000000_slow',
        sql: 'SELECT pg_sleep(0.3); CREATE TABLE slow_marker (id int);',
        checksum: '',
      },
    ].map((file) => ({ ...file, checksum: checksumOf(file.sql) }));
    const [a, b] = await Promise.all([migrate(url, files), migrate(url, files)]);
    expect([...a, ...b].sort()).toEqual(files.map((file) => file.name).sort());
    expect([a.length, b.length].sort()).toEqual([0, files.length]);
    expect(await history(url)).toHaveLength(files.length);
  });

  it('refuses to go on when an applied migration was edited', async () => {
    const url = await emptyDatabase();
    const files = await readMigrations();
    await migrate(url, files);
    const edited = files.map((file, i) =>
      i === 0
        ? { ...file, sql: `${file.sql}\n-- edited`, checksum: checksumOf(`${file.sql}\n-- edited`) }
        : file,
    );
    await expect(migrate(url, edited)).rejects.toThrow(MigrationError);
    await expect(migrate(url, edited)).rejects.toThrow(/was edited after it was applied/);
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const url = await emptyDatabase();
    const broken = {
      name: '20991231000000_broken',
      sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
      checksum: checksumOf('x'),
    };
    const files = [...(await readMigrations()), broken];
    await expect(migrate(url, files)).rejects.toThrow(
      /migration 20991231000000_broken failed and was rolled back/,
    );
    const names = (await history(url)).map((row) => row.migration_name);
    expect(names).not.toContain(broken.name);
    expect(await query(url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'")).toEqual([]);
  });
});

// What a schema consists of, read from the catalog: columns with types, defaults and nullability,
// constraints and indexes, each as text, sorted. Two databases with equal lists have equal schemas.
const SCHEMA_SHAPE = `
  SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' '
         || is_nullable || ' ' || coalesce(column_default, '') || ' ' || coalesce(datetime_precision::text, '') AS item
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
  UNION ALL
  SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
  UNION ALL
  SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
  ORDER BY item`;

describe('drift check', () => {
  it('our migrations build exactly the schema that schema.prisma describes', async () => {
    const script = fileURLToPath(new URL('../../scripts/schema-sql.mjs', import.meta.url));
    const { stdout: expectedSql } = await promisify(execFile)(
      process.execPath,
      ['--no-warnings', '--experimental-wasm-modules', script],
      { env: { ...process.env, DATABASE_URL: databaseUrl('postgres') } },
    );
    expect(expectedSql).toContain('CREATE TABLE');
    const fromPrisma = await emptyDatabase();
    await query(fromPrisma, expectedSql);
    const fromMigrations = await emptyDatabase();
    await migrate(fromMigrations);
    const shape = async (url: string) =>
      (await query<{ item: string }>(url, SCHEMA_SHAPE)).map((row) => row.item);
    const expected = await shape(fromPrisma);
    expect(expected.length).toBeGreaterThan(50);
    expect(await shape(fromMigrations)).toEqual(expected);
  });
});
