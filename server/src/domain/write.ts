import { NotFoundError } from '../errors.ts';
import type { ChangeNotifier, CommittedChange } from '../infra/changes.ts';
import { describeChanges } from '../propagation/load.ts';
import type { PrismaClient, Tx } from '../store/prisma.ts';

// Every write goes through here: one transaction for the change, its version rows, the revision
// bumps and the audit entry; the change notifier hears about it only after the commit. The change
// events SDKs receive are read inside the transaction, so they hold exactly what was committed.

export interface WriteDeps {
  db: PrismaClient;
  changes: ChangeNotifier;
}

export interface WriteOutcome<T> {
  result: T;
  committed: CommittedChange[];
  /** Ids of tokens this write revoked: every instance must stop accepting them. */
  revokedTokens?: string[];
}

/** Runs `work` in one transaction, then tells the notifier what changed. */
export async function write<T>(
  deps: WriteDeps,
  work: (tx: Tx) => Promise<WriteOutcome<T>>,
): Promise<T> {
  const { result, committed, revokedTokens, events } = await deps.db.$transaction(async (tx) => {
    const outcome = await work(tx);
    return { ...outcome, events: await describeChanges(tx, outcome.committed) };
  });
  committed.forEach((change, index) => {
    deps.changes.committed(change, events[index] ?? null);
  });
  for (const tokenId of revokedTokens ?? []) deps.changes.tokenRevoked(tokenId);
  return result;
}

/**
 * Locks an environment row for the rest of the transaction: writers in one environment queue
 * here, so checks made after it see every earlier commit. Throws 404 for an unknown environment.
 */
export async function lockEnvironment(tx: Tx, environment: string): Promise<number> {
  const rows = await tx.$queryRaw<{ revision: number }[]>`
    SELECT revision FROM environments WHERE key = ${environment} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new NotFoundError(`No environment "${environment}".`);
  return row.revision;
}

/** Bumps an environment's revision (SDKs see a change) and returns the new one. */
export async function bumpRevision(tx: Tx, environment: string): Promise<number> {
  const rows = await tx.$queryRaw<{ revision: number }[]>`
    UPDATE environments SET revision = revision + 1 WHERE key = ${environment} RETURNING revision`;
  const row = rows[0];
  if (!row) throw new NotFoundError(`No environment "${environment}".`);
  return row.revision;
}

/** Bumps every environment's revision, locking rows in key order so writers never deadlock. */
export async function bumpAllRevisions(tx: Tx): Promise<{ key: string; revision: number }[]> {
  return tx.$queryRaw<{ key: string; revision: number }[]>`
    WITH locked AS (SELECT key FROM environments ORDER BY key FOR UPDATE)
    UPDATE environments SET revision = revision + 1
    FROM locked WHERE environments.key = locked.key
    RETURNING environments.key, environments.revision`;
}

/**
 * Serializes changes to the set of flags and environments (creating either gives the other a
 * config), so a flag created while an environment is created still gets a config in it.
 */
export async function lockStructure(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7270736901)`;
}

/** Locks every environment row, in key order, without changing anything yet. */
export async function lockAllEnvironments(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT key FROM environments ORDER BY key FOR UPDATE`;
}
