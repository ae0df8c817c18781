import {
  type FlagConfig,
  type FlagKind,
  SCHEMA_VERSION,
  type SegmentRules,
  type Snapshot,
  type SnapshotFlag,
  type SnapshotSegment,
  type Variant,
} from '@tripswitch/sdk/protocol';
import type { PrismaClient } from '../../store/prisma.ts';

/**
 * The snapshot of one environment: every live (non-archived) flag and every segment at one
 * revision. Three reads in one repeatable-read transaction, so the revision and the contents agree.
 * Building is separate from serving so propagation can cache it per environment.
 */
export async function buildSnapshot(
  db: PrismaClient,
  environment: string,
): Promise<Snapshot | null> {
  const [env, configs, segments] = await db.$transaction(
    [
      db.environment.findUnique({ where: { key: environment }, select: { revision: true } }),
      db.flagConfig.findMany({
        where: { environmentKey: environment, flag: { archived: false } },
        select: {
          version: true,
          config: true,
          flag: { select: { key: true, kind: true, salt: true, variants: true } },
        },
      }),
      db.segment.findMany({ where: { environmentKey: environment } }),
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  if (!env) return null;
  const flags: Record<string, SnapshotFlag> = {};
  for (const { version, config, flag } of configs) {
    const { on, offVariation, targets, rules, defaultServe } = config as FlagConfig;
    flags[flag.key] = {
      key: flag.key,
      kind: flag.kind as FlagKind,
      salt: flag.salt,
      version,
      variants: (flag.variants as Variant[]).map(({ key, value }) => ({ key, value })),
      on,
      offVariation,
      targets,
      rules,
      defaultServe,
    };
  }
  const segmentMap: Record<string, SnapshotSegment> = {};
  for (const segment of segments) {
    const { included, excluded, conditions } = segment.rules as SegmentRules;
    segmentMap[segment.key] = {
      key: segment.key,
      version: segment.version,
      included,
      excluded,
      conditions,
    };
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    environment,
    revision: env.revision,
    flags,
    segments: segmentMap,
  };
}

/** The environment's current revision, to answer If-None-Match without building anything. */
export async function currentRevision(
  db: PrismaClient,
  environment: string,
): Promise<number | null> {
  const env = await db.environment.findUnique({
    where: { key: environment },
    select: { revision: true },
  });
  return env?.revision ?? null;
}
