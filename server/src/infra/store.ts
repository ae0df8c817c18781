import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { openDatabase } from '../store/database.ts';
import { readMigrations } from '../store/migrations/files.ts';
import { migrate } from '../store/migrations/runner.ts';
import { pendingMigrations } from '../store/migrations/status.ts';
import { createPrisma, type PrismaClient } from '../store/prisma.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: PrismaClient;
    store: {
      /** Migrations on disk that the database has not applied; readiness wants none. */
      pendingMigrations(): Promise<string[]>;
    };
  }
}

/** Opens the store chosen by the configuration, migrates it unless told not to, and closes it on close. */
export const storePlugin = fp(
  async (app: FastifyInstance, { config }: { config: Config }) => {
    const database = await openDatabase(config);
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
      app.decorate('store', { pendingMigrations: () => pendingMigrations(client, migrations) });
    } catch (error) {
      await db?.$disconnect();
      await database.close();
      throw error;
    }
    log.info(`using ${database.description}`);
    app.addHook('onClose', async () => {
      await app.db.$disconnect();
      await database.close();
    });
  },
  { name: 'store' },
);
