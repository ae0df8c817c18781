import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { startEmbeddedPostgres } from './embedded.ts';

/** Where the data lives; chosen once at start, and nothing after start-up branches on it. */
export interface Database {
  url: string;
  /** Connections the pool may hold: one for the embedded store, which is a single session. */
  poolMax: number;
  description: string;
  close(): Promise<void>;
}

/** The external Postgres of DATABASE_URL, or else the embedded one in TRIPSWITCH_DATA_DIR. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<Database> {
  if (config.databaseUrl) {
    const { host } = new URL(config.databaseUrl);
    return {
      url: config.databaseUrl,
      poolMax: 10,
      description: `postgres at ${host}`,
      close: async () => {},
    };
  }
  // Relative to where the command was typed (pnpm runs scripts inside the package folder).
  const dataDir = resolve(process.env.INIT_CWD ?? process.cwd(), config.dataDir);
  const release = await lockDataDir(dataDir);
  const embedded = await startEmbeddedPostgres(dataDir).catch(async (error: unknown) => {
    await release();
    throw error;
  });
  return {
    url: embedded.url,
    poolMax: 1,
    description: `embedded postgres in ${dataDir}`,
    async close() {
      await embedded.close();
      await release();
    },
  };
}

/** The store cannot be opened (unreachable, missing database, bad credentials): one line. */
export class StoreError extends Error {
  override name = 'StoreError';
}
