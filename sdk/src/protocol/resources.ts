import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { FlagConfig, FlagKind, SegmentRules, Serve, Variant } from './flag-config.ts';
import { EnvironmentKey, FlagKey, SegmentKey, VariantKey } from './keys.ts';

const Timestamp = Type.String({ format: 'date-time' });

/** Where a change came from. `guardrail` and `schedule` are written by Tripswitch itself. */
export const ChangeSource = Type.Union([
  Type.Literal('dashboard'),
  Type.Literal('api'),
  Type.Literal('guardrail'),
  Type.Literal('schedule'),
]);
export type ChangeSource = Static<typeof ChangeSource>;

/** A page of a list; pass `nextCursor` as `cursor` to get the next one. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const Environment = Type.Object({
  key: EnvironmentKey,
  name: Type.String(),
  /** Ask for confirmation in the dashboard before changing flags here (true for production). */
  confirmChanges: Type.Boolean(),
  /** Bumped by every change to a flag or segment in this environment. */
  revision: Type.Integer(),
  createdAt: Timestamp,
});
export type Environment = Static<typeof Environment>;

/** A flag's state in one environment, for lists: enough to say what people get, without its rules. */
export const FlagEnvironmentSummary = Type.Object({
  on: Type.Boolean(),
  version: Type.Integer(),
  /** What everyone gets while the flag is off. */
  offVariation: VariantKey,
  /** What the default rule serves: one variant, or a weighted rollout (a progressive rollout's step). */
  defaultServe: Serve,
  /** A guardrail tripped here and has not been re-armed. */
  tripped: Type.Boolean(),
});
export type FlagEnvironmentSummary = Static<typeof FlagEnvironmentSummary>;

export const Flag = Type.Object({
  key: FlagKey,
  name: Type.String(),
  description: Type.String(),
  kind: FlagKind,
  variants: Type.Array(Variant),
  tags: Type.Array(Type.String()),
  owner: Type.Union([Type.String(), Type.Null()]),
  archived: Type.Boolean(),
  salt: Type.String(),
  /** Bumped by every change to the flag's own fields (name, variants, tags...). */
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  environments: Type.Record(Type.String(), FlagEnvironmentSummary),
});
export type Flag = Static<typeof Flag>;

/** A flag's configuration in one environment at its current version. */
export const FlagEnvironment = Type.Object({
  flagKey: FlagKey,
  environment: EnvironmentKey,
  version: Type.Integer(),
  config: FlagConfig,
  updatedAt: Timestamp,
  updatedBy: Type.String(),
});
export type FlagEnvironment = Static<typeof FlagEnvironment>;

/** An immutable version of a flag environment: the whole configuration and who changed it, why. */
export const FlagVersion = Type.Object({
  flagKey: FlagKey,
  environment: EnvironmentKey,
  version: Type.Integer(),
  config: FlagConfig,
  actor: Type.String(),
  source: ChangeSource,
  comment: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type FlagVersion = Static<typeof FlagVersion>;

export const Segment = Type.Object({
  key: SegmentKey,
  environment: EnvironmentKey,
  name: Type.String(),
  description: Type.String(),
  version: Type.Integer(),
  rules: SegmentRules,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Segment = Static<typeof Segment>;

export const TokenKind = Type.Union(
  [Type.Literal('admin'), Type.Literal('server'), Type.Literal('client')],
  {
    description:
      "admin: the REST API. server: one environment's snapshot, stream and events (rules included). client: one environment's evaluated results only, for browsers.",
  },
);
export type TokenKind = Static<typeof TokenKind>;

/** An API token as listed; the secret itself is shown once, at creation. */
export const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: TokenKind,
  environment: Type.Union([EnvironmentKey, Type.Null()]),
  /** The first characters of the secret, to recognise it. */
  prefix: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});
export type Token = Static<typeof Token>;

export const CreatedToken = Type.Object({
  token: Token,
  /** The secret: shown this once, stored only as a hash. */
  secret: Type.String(),
});
export type CreatedToken = Static<typeof CreatedToken>;

/** One recorded change to anything: flags, flag environments, environments, segments, tokens. */
export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actor: Type.String(),
  source: ChangeSource,
  /** e.g. `flag.created`, `flagEnvironment.killed`, `flagEnvironment.rolledBack`, `token.revoked`. */
  action: Type.String(),
  flagKey: Type.Union([Type.String(), Type.Null()]),
  environment: Type.Union([Type.String(), Type.Null()]),
  segmentKey: Type.Union([Type.String(), Type.Null()]),
  /** The flag environment or segment version this change produced, when there is one. */
  version: Type.Union([Type.Integer(), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type AuditEntry = Static<typeof AuditEntry>;
