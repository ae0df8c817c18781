import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// The zero-setup default: real Postgres compiled to WebAssembly, kept in a folder, served on a
// loopback port so the server talks to it through the same driver as to any Postgres.

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/** Starts PGlite on `dataDir` (created if missing) and serves it on a free loopback port. */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // PGlite is a single session. The socket server queues queries and keeps a transaction's
  // statements together, and the pool in front of it holds one connection (see database.ts), so
  // interactive transactions never interleave. A few connections are allowed so the migration
  // runner's connection and the pool may briefly overlap.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
