import type { Actor } from '../../domain/actor.ts';
import type { Tx } from '../../store/prisma.ts';

/** One change to record; keys name what it touched. */
export interface AuditRecord {
  action: string;
  flagKey?: string;
  environment?: string;
  segmentKey?: string;
  version?: number;
  comment?: string | undefined;
  before?: unknown;
  after?: unknown;
}

// JSON columns take plain JSON; serializing also drops undefined fields.
const json = (value: unknown) =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

/** Writes an audit entry inside the transaction that makes the change. */
export async function recordAudit(tx: Tx, actor: Actor, record: AuditRecord): Promise<void> {
  await tx.auditEntry.create({
    data: {
      actor: actor.name,
      source: actor.source,
      action: record.action,
      flagKey: record.flagKey ?? null,
      environmentKey: record.environment ?? null,
      segmentKey: record.segmentKey ?? null,
      version: record.version ?? null,
      comment: record.comment ?? null,
      before: json(record.before),
      after: json(record.after),
    },
  });
}
