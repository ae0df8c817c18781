import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type MigrationFile, readMigrations } from './files.ts';

// Applies prisma/migrations the way `prisma migrate deploy` would, without Prisma's native schema
// engine (it cannot be downloaded everywhere): same `_prisma_migrations` rows, same advisory lock
// key, so either tool can take over from the other.

/** Prisma Migrate's advisory lock key: our runner and Prisma's exclude each other. */
const LOCK_KEY = 72707369;

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** A migration problem, worded as one line for the operator. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

function checkHistory(history: HistoryRow[], files: MigrationFile[]): Set<string> {
  const unresolved = history.find((row) => !row.finished_at && !row.rolled_back_at);
  if (unresolved) {
    throw new MigrationError(
      `migration ${unresolved.migration_name} failed earlier and is not resolved; fix the database, then mark it rolled back or applied`,
    );
  }
  const applied = new Map(
    history
      .filter((row) => row.finished_at && !row.rolled_back_at)
      .map((row) => [row.migration_name, row.checksum]),
  );
  for (const file of files) {
    const checksum = applied.get(file.name);
    if (checksum !== undefined && checksum !== file.checksum) {
      throw new MigrationError(
        `migration ${file.name} was edited after it was applied (checksum ${checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk); restore the file and add a new migration instead`,
      );
    }
  }
  return new Set(applied.keys());
}

async function apply(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    const id = randomUUID();
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, file.checksum, file.name],
    );
    await client.query(file.sql);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${file.name} failed and was rolled back: ${reason}`);
  }
}

/**
 * Applies every migration not yet applied, each in its own transaction, under Prisma's advisory
 * lock so replicas starting together apply each one once. Returns the names it applied.
 */
export async function migrate(
  connectionString: string,
  files?: MigrationFile[],
): Promise<string[]> {
  const migrations = files ?? (await readMigrations());
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(HISTORY_TABLE);
      const { rows } = await client.query<HistoryRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      );
      const applied = checkHistory(rows, migrations);
      const pending = migrations.filter((file) => !applied.has(file.name));
      for (const file of pending) await apply(client, file);
      return pending.map((file) => file.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
