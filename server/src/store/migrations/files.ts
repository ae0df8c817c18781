import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** prisma/migrations at the repository root: one folder per migration, in Prisma's layout. */
export const MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../../prisma/migrations', import.meta.url),
);

export interface MigrationFile {
  /** The folder name, `<timestamp>_<name>`, which Prisma records as `migration_name`. */
  name: string;
  sql: string;
  /** SHA-256 of migration.sql in hex, as Prisma computes it. */
  checksum: string;
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Reads every migration in name order (the timestamp prefix makes that the order to apply). */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    }),
  );
}
