import { createHash } from 'node:crypto';
import { migrate, readMigrations } from '@tripswitch/server/migrations';
import type { TestProject } from 'vitest/node';
import { databaseUrl, POSTGRES_URL, withAdminConnection } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database that test files clone (`CREATE DATABASE x TEMPLATE t`). */
    templateDatabase: string;
  }
}

// Named by a hash of the migrations, so a template built from other migrations is never reused;
// built under an advisory lock and renamed when complete, so parallel runs never see half of one.
const BUILD_LOCK = 7270736902;

export default async function setup(project: TestProject): Promise<void> {
  await ensureReachable();
  const migrations = await readMigrations();
  const hash = createHash('sha256');
  for (const migration of migrations) hash.update(`${migration.name}:${migration.checksum}\n`);
  const template = `tripswitch_template_${hash.digest('hex').slice(0, 16)}`;

  await withAdminConnection(async (admin) => {
    await admin.query('SELECT pg_advisory_lock($1)', [BUILD_LOCK]);
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        template,
      ]);
      if (rowCount) return;
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${building}"`);
      await migrate(databaseUrl(building), migrations);
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [BUILD_LOCK]);
    }
  });
  project.provide('templateDatabase', template);
}

/** One plain line when the test server is missing, instead of every file failing on its own. */
async function ensureReachable(): Promise<void> {
  const where = new URL(POSTGRES_URL);
  where.password = '';
  try {
    await withAdminConnection((admin) => admin.query('SELECT 1'));
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${where} (${(error as Error).message}): start it, or set TEST_DATABASE_URL to a superuser URL (see README, "Running the tests").`,
    );
  }
}
