import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { databaseUrl, withAdminConnection } from './postgres.ts';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template; drop it when done. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  const name = `tripswitch_test_${randomBytes(6).toString('hex')}`;
  await withAdminConnection((admin) =>
    admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`),
  );
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdminConnection(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
