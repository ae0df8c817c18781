import type { PrismaClient } from '../store/prisma.ts';

/** Ids per query: far below Postgres' bind-parameter limit, whatever an instance holds. */
const CHUNK = 1_000;

/**
 * Anti-entropy for revocations: of the tokens this instance holds (cached, streaming), those that
 * Postgres no longer has as valid (revoked, or gone). It asks about the held ids themselves rather
 * than "revoked since": no instance's clock, and no lost bus message, can hide a revocation.
 */
export async function revokedAmong(db: PrismaClient, held: Iterable<string>): Promise<string[]> {
  const ids = [...new Set(held)];
  const revoked: string[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    const valid = await db.token.findMany({
      where: { id: { in: chunk }, revokedAt: null },
      select: { id: true },
    });
    const validIds = new Set(valid.map((token) => token.id));
    for (const id of chunk) if (!validIds.has(id)) revoked.push(id);
  }
  return revoked;
}
