import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { openDatabase, StoreError } from '../store/database.ts';
import { readMigrations } from '../store/migrations/files.ts';
import { MigrationError, migrate } from '../store/migrations/runner.ts';
import { pendingMigrations } from '../store/migrations/status.ts';
import { createPrisma, type PrismaClient } from '../store/prisma.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: PrismaClient;
    store: {
      /** Migrations on disk that the database has not applied; readiness wants none. */
      pendingMigrations(): Promise<string[]>;
      /** For a dedicated connection beside the pool (the guardrail leader's advisory lock). */
      connectionString: string;
    };
  }
}

/** Opens the store chosen by the configuration, migrates it unless told not to, and closes it on close. */
export const storePlugin = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    const database = await openDatabase(config).catch((error: Error) => {
      throw new StoreError(
        `cannot start the embedded database in ${config.dataDir}: ${error.message}`,
      );
    });
    const log = app.log.child({ component: 'store' });
    let db: PrismaClient | undefined;
    try {
      const migrations = await readMigrations();
      if (config.migrate) {
        const applied = await migrate(database.url, migrations);
        if (applied.length > 0) log.info({ applied }, 'migrations applied');
      }
      db = createPrisma(database.url, database.poolMax);
      await db.$connect();
      const client = db;
      app.decorate('db', client);
      app.decorate('store', {
        pendingMigrations: () => pendingMigrations(client, migrations),
        connectionString: database.url,
      });
    } catch (error) {
      await db?.$disconnect();
      await database.close();
      if (error instanceof MigrationError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreError(`cannot open ${database.description}: ${reason}`);
    }
    log.info(`using ${database.description}`);
    app.addHook('onClose', async () => {
      await app.db.$disconnect();
      await database.close();
    });
  },
  { name: 'store' },
);
