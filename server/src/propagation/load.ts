import {
  type ChangeEvent,
  type FlagConfig,
  type FlagKind,
  SCHEMA_VERSION,
  type SegmentRules,
  type Snapshot,
  type SnapshotFlag,
  type SnapshotSegment,
  type Variant,
} from '@tripswitch/sdk/protocol';
import type { CommittedChange } from '../infra/changes.ts';
import type { Prisma, PrismaClient, Tx } from '../store/prisma.ts';

// Reads what SDKs see from Postgres: a whole environment (on start, and when an instance missed
// something), or the items one committed change touched (inside that change's transaction).

const configSelect = {
  environmentKey: true,
  version: true,
  config: true,
  flag: { select: { key: true, kind: true, salt: true, variants: true } },
} as const;
type ConfigRow = Prisma.FlagConfigGetPayload<{ select: typeof configSelect }>;
type SegmentRow = Prisma.SegmentGetPayload<object>;

function toSnapshotFlag({ version, config, flag }: ConfigRow): SnapshotFlag {
  const { on, offVariation, targets, rules, defaultServe } = config as FlagConfig;
  return {
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

function toSnapshotSegment(segment: SegmentRow): SnapshotSegment {
  const { included, excluded, conditions } = segment.rules as SegmentRules;
  return { key: segment.key, version: segment.version, included, excluded, conditions };
}

/**
 * The snapshot of one environment: every live (non-archived) flag and every segment at one
 * revision. Three reads in one repeatable-read transaction, so the revision and the contents agree.
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
        select: configSelect,
      }),
      db.segment.findMany({ where: { environmentKey: environment } }),
    ],
    { isolationLevel: 'RepeatableRead' },
  );
  if (!env) return null;
  const flags: Record<string, SnapshotFlag> = {};
  for (const row of configs) flags[row.flag.key] = toSnapshotFlag(row);
  const segmentMap: Record<string, SnapshotSegment> = {};
  for (const segment of segments) segmentMap[segment.key] = toSnapshotSegment(segment);
  return {
    schemaVersion: SCHEMA_VERSION,
    environment,
    revision: env.revision,
    flags,
    segments: segmentMap,
  };
}

/**
 * The change events of a transaction's committed changes, read inside that transaction: writers
 * hold their environments' rows locked, so the items are exactly as of each change's revision.
 * Every write bumps an environment's revision by one, so its event starts from the one before. A
 * change with nothing SDKs see (a new environment) has no event.
 */
export async function describeChanges(
  tx: Tx,
  committed: CommittedChange[],
): Promise<(ChangeEvent | null)[]> {
  const described = committed.filter((change) => change.flags.length + change.segments.length > 0);
  if (described.length === 0) return committed.map(() => null);
  const environments = [...new Set(described.map((change) => change.environment))];
  const flagKeys = [...new Set(described.flatMap((change) => change.flags))];
  const segmentKeys = [...new Set(described.flatMap((change) => change.segments))];
  const [configs, segments] = await Promise.all([
    flagKeys.length === 0
      ? []
      : tx.flagConfig.findMany({
          where: {
            environmentKey: { in: environments },
            flagKey: { in: flagKeys },
            flag: { archived: false },
          },
          select: configSelect,
        }),
    segmentKeys.length === 0
      ? []
      : tx.segment.findMany({
          where: { environmentKey: { in: environments }, key: { in: segmentKeys } },
        }),
  ]);
  return committed.map((change) => {
    if (change.flags.length + change.segments.length === 0) return null;
    const live = configs.filter((row) => row.environmentKey === change.environment);
    const liveSegments = segments.filter((row) => row.environmentKey === change.environment);
    const liveFlagKeys = new Set(live.map((row) => row.flag.key));
    const liveSegmentKeys = new Set(liveSegments.map((row) => row.key));
    return {
      schemaVersion: SCHEMA_VERSION,
      environment: change.environment,
      baseRevision: change.revision - 1,
      revision: change.revision,
      flags: live.filter((row) => change.flags.includes(row.flag.key)).map(toSnapshotFlag),
      deletedFlags: change.flags.filter((key) => !liveFlagKeys.has(key)),
      segments: liveSegments
        .filter((row) => change.segments.includes(row.key))
        .map(toSnapshotSegment),
      deletedSegments: change.segments.filter((key) => !liveSegmentKeys.has(key)),
    };
  });
}
