import type { PrismaClient } from '../prisma.ts';
import type { MigrationFile } from './files.ts';

/** Names of the migrations on disk that the database has not applied (all, if it has none). */
export async function pendingMigrations(
  db: PrismaClient,
  files: MigrationFile[],
): Promise<string[]> {
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM "_prisma_migrations"
    WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.migration_name));
  return files.map((file) => file.name).filter((name) => !applied.has(name));
}
