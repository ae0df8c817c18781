import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';

export type { Prisma } from '../generated/prisma/client.ts';
export { PrismaClient };

/** A client for `url` with at most `poolMax` connections. */
export function createPrisma(url: string, poolMax: number): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: poolMax }),
    // Writers queue on the environment row (and on the single embedded connection), so a burst of
    // writes may wait a while for its turn rather than fail.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}
