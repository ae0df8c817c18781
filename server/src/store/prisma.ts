import { PrismaPg } from '@prisma/adapter-pg';
import { type Prisma, PrismaClient } from '../generated/prisma/client.ts';

export type * from '../generated/prisma/client.ts';
export { PrismaClient };

/** A Prisma client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;

/** A client for `url` with at most `poolMax` connections. */
export function createPrisma(url: string, poolMax: number): PrismaClient {
  return new PrismaClient({
    // A connection (or a turn in the pool) is waited for as long as a transaction's maxWait, not
    // for ever: an unreachable host then fails the request (503) instead of holding it.
    adapter: new PrismaPg({ connectionString: url, max: poolMax, connectionTimeoutMillis: 10_000 }),
    // Writers queue on the environment row (and on the single embedded connection), so a burst of
    // writes may wait a while for its turn rather than fail.
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}

/** A value validated as JSON by the request schema, typed for a Prisma JSON column. */
export const asJson = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;
