import { type Static, Type } from '@sinclair/typebox';
import { Condition, FlagKind, Rule, Serve, Target } from './flag-config.ts';
import { EnvironmentKey, FlagKey, SegmentKey, VariantKey } from './keys.ts';

/**
 * The major version of the wire format (snapshot, stream events, evaluated flags). Changes within
 * a major only add optional fields, which older SDKs ignore; an SDK refuses a newer major and keeps
 * serving its last good snapshot.
 */
export const SCHEMA_VERSION = 1;

/** A flag as an SDK sees it in one environment: everything evaluation needs, nothing else. */
export const SnapshotFlag = Type.Object({
  key: FlagKey,
  kind: FlagKind,
  /** The per-flag salt that keeps bucketing independent between flags. */
  salt: Type.String({ minLength: 1, maxLength: 64 }),
  /** The flag environment's version, bumped by every change to it. */
  version: Type.Integer({ minimum: 1 }),
  variants: Type.Array(Type.Object({ key: VariantKey, value: Type.Unknown() }), { minItems: 1 }),
  on: Type.Boolean(),
  offVariation: VariantKey,
  targets: Type.Array(Target),
  rules: Type.Array(Rule),
  defaultServe: Serve,
});
export type SnapshotFlag = Static<typeof SnapshotFlag>;

/** A segment as an SDK sees it: excluded keys never match, included keys always do, else conditions. */
export const SnapshotSegment = Type.Object({
  key: SegmentKey,
  version: Type.Integer({ minimum: 1 }),
  included: Type.Array(Type.String()),
  excluded: Type.Array(Type.String()),
  conditions: Type.Array(Condition),
});
export type SnapshotSegment = Static<typeof SnapshotSegment>;

/** Every live flag and segment of one environment at one revision. */
export const Snapshot = Type.Object({
  schemaVersion: Type.Integer({ minimum: 1 }),
  environment: EnvironmentKey,
  /** Bumped by every change in the environment; also the ETag and the SSE event id. */
  revision: Type.Integer({ minimum: 0 }),
  flags: Type.Record(Type.String(), SnapshotFlag),
  segments: Type.Record(Type.String(), SnapshotSegment),
});
export type Snapshot = Static<typeof Snapshot>;

/**
 * The changes that take an environment from `baseRevision` to `revision`. Items are whole, so an
 * SDK at any revision in [baseRevision, revision) reaches `revision` by applying it; one below
 * `baseRevision` has missed something and refetches the snapshot.
 */
export const ChangeEvent = Type.Object({
  schemaVersion: Type.Integer({ minimum: 1 }),
  environment: EnvironmentKey,
  baseRevision: Type.Integer({ minimum: 0 }),
  revision: Type.Integer({ minimum: 1 }),
  flags: Type.Array(SnapshotFlag),
  deletedFlags: Type.Array(FlagKey),
  segments: Type.Array(SnapshotSegment),
  deletedSegments: Type.Array(SegmentKey),
});
export type ChangeEvent = Static<typeof ChangeEvent>;

/** SSE event names on `/sdk/v1/stream`; each event's `id:` is its revision. */
export const STREAM_EVENTS = {
  /** data: Snapshot. Sent on connect, and when a resume is impossible. */
  snapshot: 'snapshot',
  /** data: ChangeEvent. */
  change: 'change',
} as const;

/**
 * The servers' streams carry a comment line at least this often, so an SDK that hears nothing
 * for a few of these periods knows the connection is dead, even when no TCP close arrived.
 */
export const STREAM_HEARTBEAT_MS = 15_000;

/** The only event on `/sdk/v1/client-stream`: the environment moved, evaluations may differ. */
export const RevisionEvent = Type.Object({ revision: Type.Integer({ minimum: 0 }) });
export type RevisionEvent = Static<typeof RevisionEvent>;

/** SSE event names on `/sdk/v1/client-stream`; each event's `id:` is its revision. */
export const CLIENT_STREAM_EVENTS = {
  /** data: RevisionEvent. Sent on connect and after every change: fetch evaluations again. */
  revision: 'revision',
} as const;
