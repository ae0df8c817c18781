import type {
  FieldError,
  FlagConfig,
  FlagEnvironment,
  FlagVersion,
  PageQuery,
  RollbackBody,
  SwitchBody,
  UpdateFlagEnvironmentBody,
  Variant,
} from '@tripswitch/sdk/protocol';
import type { Actor } from '../../domain/actor.ts';
import { DEFAULT_LIMIT, numericCursor, pageOf } from '../../domain/page.ts';
import { conditionsOf } from '../../domain/references.ts';
import { unsafePatterns } from '../../domain/safe-patterns.ts';
import { toFlagEnvironment, toFlagVersion } from '../../domain/serialize.ts';
import { bumpRevision, lockEnvironment, type WriteDeps, write } from '../../domain/write.ts';
import {
  invalid,
  NotFoundError,
  problem,
  RollbackInvalidError,
  under,
  VersionConflictError,
} from '../../errors.ts';
import type { FlagConfig as ConfigRow, PrismaClient, Tx } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';
import { configErrors } from './checks.ts';

interface Change {
  config: FlagConfig;
  action: string;
  comment: string | undefined;
  /** The version the client based its change on, when it said. */
  baseVersion: number | undefined;
  /** The error refusing a config with these problems; a 400 on the request body by default. */
  refuse?: (errors: FieldError[]) => Error;
  /**
   * Only `on` changes, in a config that was checked when written (removing a variant or a segment
   * in use is refused), so a kill switch skips the checks and can never be refused by them.
   */
  onlySwitch?: boolean;
  /** More writes that must commit or fail with this change (a rollout recording its step). */
  alongside?: Alongside;
}

/** Runs in the change's transaction, after the new version is written. */
export type Alongside = (tx: Tx, result: FlagEnvironment) => Promise<void>;

async function findConfig(
  db: PrismaClient | Tx,
  flagKey: string,
  environment: string,
): Promise<ConfigRow> {
  const row = await db.flagConfig.findUnique({
    where: { flagKey_environmentKey: { flagKey, environmentKey: environment } },
  });
  if (row) return row;
  const flag = await db.flag.findUnique({ where: { key: flagKey }, select: { key: true } });
  throw new NotFoundError(flag ? `No environment "${environment}".` : `No flag "${flagKey}".`);
}

const MAX_VERSION = 2 ** 31 - 1;

/** Versions are 32-bit in the database; anything larger simply does not exist. */
function asVersion(value: bigint | number): number {
  return Number(value > MAX_VERSION ? MAX_VERSION : value);
}

function conflict(current: ConfigRow, baseVersion: number): Error {
  return problem(
    VersionConflictError,
    `The configuration is at version ${current.version}; this change was based on version ${baseVersion}.`,
    { current: toFlagEnvironment(current) },
  );
}

export function flagEnvironmentService(deps: WriteDeps) {
  const { db } = deps;

  /**
   * The one write path for a flag's configuration in an environment: lock the environment, check
   * the base version, validate, write the config and an immutable version, bump the revision and
   * audit, all in one transaction. `next` returns undefined when there is nothing to change.
   */
  function change(
    actor: Actor,
    flagKey: string,
    environment: string,
    next: (current: ConfigRow, tx: Tx) => Promise<Change | undefined>,
  ): Promise<FlagEnvironment> {
    return write(deps, async (tx) => {
      await lockEnvironment(tx, environment);
      const current = await findConfig(tx, flagKey, environment);
      const planned = await next(current, tx);
      if (!planned) return { result: toFlagEnvironment(current), committed: [] };
      if (planned.baseVersion !== undefined && planned.baseVersion !== current.version) {
        throw conflict(current, planned.baseVersion);
      }
      if (!planned.onlySwitch) {
        const flag = await tx.flag.findUniqueOrThrow({
          where: { key: flagKey },
          select: { variants: true },
        });
        const variants = flag.variants as Variant[];
        const errors = await configErrors(tx, planned.config, variants, environment);
        if (errors.length > 0) {
          throw planned.refuse?.(errors) ?? invalid(under('/body/config', errors));
        }
      }
      const version = current.version + 1;
      const updatedAt = new Date();
      // Conditional on the version as well as serialized by the environment lock.
      const { count } = await tx.flagConfig.updateMany({
        where: { flagKey, environmentKey: environment, version: current.version },
        data: { version, config: planned.config, updatedAt, updatedBy: actor.name },
      });
      if (count === 0) throw conflict(await findConfig(tx, flagKey, environment), current.version);
      await tx.flagVersion.create({
        data: {
          flagKey,
          environmentKey: environment,
          version,
          config: planned.config,
          actor: actor.name,
          source: actor.source,
          comment: planned.comment ?? null,
        },
      });
      const revision = await bumpRevision(tx, environment);
      await recordAudit(tx, actor, {
        action: planned.action,
        flagKey,
        environment,
        version,
        comment: planned.comment,
        before: current.config,
        after: planned.config,
      });
      const result = toFlagEnvironment({
        ...current,
        version,
        config: planned.config,
        updatedAt,
        updatedBy: actor.name,
      });
      await planned.alongside?.(tx, result);
      return { result, committed: [{ environment, revision, flags: [flagKey], segments: [] }] };
    });
  }

  function setOn(
    actor: Actor,
    flagKey: string,
    environment: string,
    on: boolean,
    body: SwitchBody,
  ) {
    return change(actor, flagKey, environment, async (current) => {
      const config = current.config as FlagConfig;
      if (config.on === on) {
        // Already in the asked state: a stale base version is still a conflict, else a no-op.
        if (body.baseVersion !== undefined && body.baseVersion !== current.version) {
          throw conflict(current, body.baseVersion);
        }
        return undefined;
      }
      return {
        config: { ...config, on },
        action: on ? 'flagEnvironment.enabled' : 'flagEnvironment.killed',
        comment: body.comment,
        baseVersion: body.baseVersion,
        onlySwitch: true,
      };
    });
  }

  return {
    async get(flagKey: string, environment: string): Promise<FlagEnvironment> {
      return toFlagEnvironment(await findConfig(db, flagKey, environment));
    },

    async update(
      actor: Actor,
      flagKey: string,
      environment: string,
      body: UpdateFlagEnvironmentBody,
      alongside?: Alongside,
    ) {
      // Before the transaction: proving regexes safe may take a while, and the environment lock
      // must never wait on it (a kill switch queues behind it).
      const unsafe = await unsafePatterns(conditionsOf(body.config));
      if (unsafe.length > 0) throw invalid(under('/body/config', unsafe));
      return change(actor, flagKey, environment, async () => ({
        config: body.config,
        action: 'flagEnvironment.updated',
        comment: body.comment,
        baseVersion: body.baseVersion,
        ...(alongside && { alongside }),
      }));
    },

    kill: (actor: Actor, flagKey: string, environment: string, body: SwitchBody) =>
      setOn(actor, flagKey, environment, false, body),
    enable: (actor: Actor, flagKey: string, environment: string, body: SwitchBody) =>
      setOn(actor, flagKey, environment, true, body),

    async listVersions(flagKey: string, environment: string, query: PageQuery) {
      await findConfig(db, flagKey, environment);
      const limit = query.limit ?? DEFAULT_LIMIT;
      const rows = await db.flagVersion.findMany({
        where: {
          flagKey,
          environmentKey: environment,
          ...(query.cursor !== undefined && {
            version: { lt: asVersion(numericCursor(query.cursor)) },
          }),
        },
        orderBy: { version: 'desc' },
        take: limit + 1,
      });
      return pageOf(rows, limit, toFlagVersion, (row) => String(row.version));
    },

    async getVersion(flagKey: string, environment: string, version: number): Promise<FlagVersion> {
      const row = await db.flagVersion.findFirst({
        where: { flagKey, environmentKey: environment, version: asVersion(version) },
      });
      if (row) return toFlagVersion(row);
      await findConfig(db, flagKey, environment);
      throw new NotFoundError(`Flag "${flagKey}" has no version ${version} in ${environment}.`);
    },

    rollback(
      actor: Actor,
      flagKey: string,
      environment: string,
      version: number,
      body: RollbackBody,
    ) {
      return change(actor, flagKey, environment, async (_current, tx) => {
        const target = await tx.flagVersion.findFirst({
          where: { flagKey, environmentKey: environment, version: asVersion(version) },
        });
        if (!target)
          throw new NotFoundError(`Flag "${flagKey}" has no version ${version} in ${environment}.`);
        return {
          config: target.config as FlagConfig,
          action: 'flagEnvironment.rolledBack',
          comment: body.comment ?? `Rolled back to version ${version}`,
          baseVersion: body.baseVersion,
          refuse: (errors) =>
            problem(
              RollbackInvalidError,
              `Version ${version} no longer fits this flag (its variants or the environment's segments changed); edit the configuration instead.`,
              { errors: under(`/versions/${version}/config`, errors) },
            ),
        };
      });
    },
  };
}
