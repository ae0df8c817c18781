// `pnpm db:migrate`: applies pending migrations to DATABASE_URL (or the embedded store) and says
// what it did in one line; any failure is one plain line and a non-zero exit.
import { ConfigError, parseConfig } from '../../config.ts';
import { openDatabase } from '../database.ts';
import { MigrationError, migrate } from './runner.ts';

try {
  const database = await openDatabase(parseConfig(process.env));
  try {
    const applied = await migrate(database.url);
    console.log(
      applied.length === 0
        ? `${database.description}: already up to date`
        : `${database.description}: applied ${applied.join(', ')}`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  const known = error instanceof ConfigError || error instanceof MigrationError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`db:migrate: ${known ? message : `cannot migrate: ${message}`}`);
  process.exitCode = 1;
}
