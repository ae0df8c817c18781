// The migration runner as a library, for `pnpm db:migrate`, start-up and the test harness.
export { checksumOf, MIGRATIONS_DIR, type MigrationFile, readMigrations } from './files.ts';
export { MigrationError, migrate } from './runner.ts';
