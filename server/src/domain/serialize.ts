import type {
  AuditEntry,
  ChangeSource,
  Environment,
  Flag,
  FlagConfig,
  FlagEnvironment,
  FlagKind,
  FlagVersion,
  Segment,
  SegmentRules,
  Token,
  TokenKind,
  Variant,
} from '@tripswitch/sdk/protocol';
import type * as Row from '../store/prisma.ts';

// Database rows to wire shapes. JSON columns hold what was validated when it was written, so they
// are read back as their protocol types.

export function toEnvironment(row: Row.Environment): Environment {
  return {
    key: row.key,
    name: row.name,
    confirmChanges: row.confirmChanges,
    revision: row.revision,
    createdAt: row.createdAt.toISOString(),
  };
}

export type FlagRow = Row.Flag & {
  configs: (Pick<Row.FlagConfig, 'environmentKey' | 'config' | 'version'> & {
    /** Tripped guardrails of the flag environment (one is enough to say so). */
    guardrails: unknown[];
  })[];
};

export function toFlag(row: FlagRow): Flag {
  const environments: Flag['environments'] = {};
  for (const config of row.configs) {
    const { on, offVariation, defaultServe } = config.config as FlagConfig;
    environments[config.environmentKey] = {
      on,
      version: config.version,
      offVariation,
      defaultServe,
      tripped: config.guardrails.length > 0,
    };
  }
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    kind: row.kind as FlagKind,
    variants: row.variants as Variant[],
    tags: row.tags,
    owner: row.owner,
    archived: row.archived,
    salt: row.salt,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    environments,
  };
}

export function toFlagEnvironment(row: Row.FlagConfig): FlagEnvironment {
  return {
    flagKey: row.flagKey,
    environment: row.environmentKey,
    version: row.version,
    config: row.config as FlagConfig,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

export function toFlagVersion(row: Row.FlagVersion): FlagVersion {
  return {
    flagKey: row.flagKey,
    environment: row.environmentKey,
    version: row.version,
    config: row.config as FlagConfig,
    actor: row.actor,
    source: row.source as ChangeSource,
    comment: row.comment,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toSegment(row: Row.Segment): Segment {
  return {
    key: row.key,
    environment: row.environmentKey,
    name: row.name,
    description: row.description,
    version: row.version,
    rules: row.rules as SegmentRules,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toToken(row: Row.Token): Token {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as TokenKind,
    environment: row.environmentKey,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function toAuditEntry(row: Row.AuditEntry): AuditEntry {
  return {
    id: row.id.toString(),
    at: row.at.toISOString(),
    actor: row.actor,
    source: row.source as ChangeSource,
    action: row.action,
    flagKey: row.flagKey,
    environment: row.environmentKey,
    segmentKey: row.segmentKey,
    version: row.version,
    comment: row.comment,
    before: row.before,
    after: row.after,
  };
}
