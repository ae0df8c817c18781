import type { AuditEntry, AuditQuery } from '@tripswitch/sdk/protocol';
import { DEFAULT_LIMIT, numericCursor, pageOf } from '../../domain/page.ts';
import { toAuditEntry } from '../../domain/serialize.ts';
import type { Prisma, PrismaClient } from '../../store/prisma.ts';

/** Reads the audit log, newest first; the cursor is the last entry's id. */
export function auditService({ db }: { db: PrismaClient }) {
  return {
    async list(query: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
      const limit = query.limit ?? DEFAULT_LIMIT;
      const where: Prisma.AuditEntryWhereInput = {
        ...(query.flag && { flagKey: query.flag }),
        ...(query.environment && { environmentKey: query.environment }),
        ...(query.segment && { segmentKey: query.segment }),
        ...(query.actor && { actor: query.actor }),
        ...(query.action && { action: query.action }),
        ...(query.cursor !== undefined && { id: { lt: numericCursor(query.cursor) } }),
      };
      if (query.from || query.to) {
        where.at = {
          ...(query.from && { gte: new Date(query.from) }),
          ...(query.to && { lt: new Date(query.to) }),
        };
      }
      const rows = await db.auditEntry.findMany({
        where,
        orderBy: { id: 'desc' },
        take: limit + 1,
      });
      return pageOf(rows, limit, toAuditEntry, (row) => row.id.toString());
    },
  };
}
