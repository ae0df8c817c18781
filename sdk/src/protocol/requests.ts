import { type Static, Type } from '@sinclair/typebox';
import { FlagConfig, FlagKind, SegmentRules, Variant } from './flag-config.ts';
import { EnvironmentKey, FlagKey, SegmentKey, VariantKey } from './keys.ts';
import { TokenKind } from './resources.ts';

// Request bodies of the REST API. Every write object rejects unknown fields.

const Comment = Type.String({
  maxLength: 2000,
  description: 'Why; kept in the version and the audit log.',
});
const BaseVersion = Type.Integer({
  minimum: 0,
  description: 'The version this change was based on; a stale one gets 409 with the current state.',
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 5000 });
const Tag = Type.String({ pattern: '^[a-z0-9][a-z0-9:._-]{0,49}$' });
const Owner = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]);
const strict = { additionalProperties: false } as const;

export const CreateEnvironmentBody = Type.Object(
  { key: EnvironmentKey, name: Type.Optional(Name), confirmChanges: Type.Optional(Type.Boolean()) },
  strict,
);
export type CreateEnvironmentBody = Static<typeof CreateEnvironmentBody>;

export const UpdateEnvironmentBody = Type.Object(
  { name: Type.Optional(Name), confirmChanges: Type.Optional(Type.Boolean()) },
  strict,
);
export type UpdateEnvironmentBody = Static<typeof UpdateEnvironmentBody>;

export const CreateFlagBody = Type.Object(
  {
    key: FlagKey,
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    kind: Type.Optional(FlagKind),
    /** Defaults to on=true, off=false for boolean flags; required for other kinds. */
    variants: Type.Optional(Type.Array(Variant, { minItems: 1, maxItems: 100 })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
    owner: Type.Optional(Owner),
    /** Served when the flag is off; defaults to the last variant. */
    offVariation: Type.Optional(VariantKey),
    /** Served by the default rule; defaults to the first variant. */
    defaultVariation: Type.Optional(VariantKey),
    comment: Type.Optional(Comment),
  },
  strict,
);
export type CreateFlagBody = Static<typeof CreateFlagBody>;

export const UpdateFlagBody = Type.Object(
  {
    baseVersion: BaseVersion,
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    variants: Type.Optional(Type.Array(Variant, { minItems: 1, maxItems: 100 })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
    owner: Type.Optional(Owner),
    comment: Type.Optional(Comment),
  },
  strict,
);
export type UpdateFlagBody = Static<typeof UpdateFlagBody>;

export const ArchiveFlagBody = Type.Object({ comment: Type.Optional(Comment) }, strict);
export type ArchiveFlagBody = Static<typeof ArchiveFlagBody>;

export const UpdateFlagEnvironmentBody = Type.Object(
  { baseVersion: BaseVersion, config: FlagConfig, comment: Type.Optional(Comment) },
  strict,
);
export type UpdateFlagEnvironmentBody = Static<typeof UpdateFlagEnvironmentBody>;

/** Turning a flag off or on: one call; `baseVersion` is optional because a kill must never wait. */
export const SwitchBody = Type.Object(
  { comment: Type.Optional(Comment), baseVersion: Type.Optional(BaseVersion) },
  strict,
);
export type SwitchBody = Static<typeof SwitchBody>;

export const RollbackBody = Type.Object(
  { comment: Type.Optional(Comment), baseVersion: Type.Optional(BaseVersion) },
  strict,
);
export type RollbackBody = Static<typeof RollbackBody>;

export const CreateSegmentBody = Type.Object(
  {
    key: SegmentKey,
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    rules: SegmentRules,
    comment: Type.Optional(Comment),
  },
  strict,
);
export type CreateSegmentBody = Static<typeof CreateSegmentBody>;

export const UpdateSegmentBody = Type.Object(
  {
    baseVersion: BaseVersion,
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    rules: Type.Optional(SegmentRules),
    comment: Type.Optional(Comment),
  },
  strict,
);
export type UpdateSegmentBody = Static<typeof UpdateSegmentBody>;

export const CreateTokenBody = Type.Object(
  {
    name: Name,
    kind: TokenKind,
    /** Required for server and client tokens, forbidden for admin tokens. */
    environment: Type.Optional(EnvironmentKey),
  },
  strict,
);
export type CreateTokenBody = Static<typeof CreateTokenBody>;

const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
const Cursor = Type.String({ maxLength: 200 });

export const ListFlagsQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Matches key, name or description.' }),
    ),
    tag: Type.Optional(Tag),
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('archived'), Type.Literal('all')], {
        default: 'active',
      }),
    ),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  strict,
);
export type ListFlagsQuery = Static<typeof ListFlagsQuery>;

export const PageQuery = Type.Object(
  { limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) },
  strict,
);
export type PageQuery = Static<typeof PageQuery>;

export const AuditQuery = Type.Object(
  {
    flag: Type.Optional(FlagKey),
    environment: Type.Optional(EnvironmentKey),
    segment: Type.Optional(SegmentKey),
    actor: Type.Optional(Type.String({ maxLength: 200 })),
    action: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  strict,
);
export type AuditQuery = Static<typeof AuditQuery>;
