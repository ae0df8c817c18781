import type { FlagKind, SnapshotFlag, SnapshotSegment } from '../protocol/index.ts';
import type { HashPrefix } from './murmur3.ts';

// The compiled form of flags and segments: everything evaluation needs, resolved once per
// snapshot or change (variant indexes, Sets, regexes, parsed semvers and dates), so that the
// evaluation hot path only reads.

/** Tests one scalar context value (never an array, never missing) against a condition's values. */
export type ValueTest = (value: unknown) => boolean;

export interface CompiledCondition {
  /** The context property tested; unused by inSegment. */
  readonly attribute: string;
  /**
   * `any`: some element passes `test`; `none`: no element passes `test` (notIn);
   * `segment`: membership of `segments`; `never`: a broken condition (unknown operator, invalid
   * regex) that matches nothing, negated or not.
   */
  readonly mode: 'any' | 'none' | 'segment' | 'never';
  readonly test: ValueTest;
  readonly segments: readonly string[];
  readonly negate: boolean;
}

/** What a rule or the default rule serves: one variant, or a rollout over variants. */
export type CompiledServe =
  | { readonly kind: 'variant'; readonly variant: number }
  | {
      readonly kind: 'rollout';
      /** The context property hashed into a bucket. */
      readonly bucketBy: string;
      /** Exclusive upper bucket of each variant's range, in the order listed. */
      readonly upperBounds: Int32Array;
      /** The variant index served for each range. */
      readonly variants: Int32Array;
    };

export interface CompiledRule {
  readonly id: string;
  readonly conditions: readonly CompiledCondition[];
  readonly serve: CompiledServe;
}

export interface CompiledVariant {
  readonly key: string;
  readonly value: unknown;
}

export interface CompiledFlag {
  readonly key: string;
  readonly kind: FlagKind;
  readonly version: number;
  /** murmur3 state after `${salt}.`, the prefix of every bucketing input of this flag. */
  readonly saltPrefix: HashPrefix;
  readonly variants: readonly CompiledVariant[];
  readonly on: boolean;
  readonly offVariation: number;
  /** Context key -> variant index; undefined when the flag has no targets. */
  readonly targets: ReadonlyMap<string, number> | undefined;
  readonly rules: readonly CompiledRule[];
  readonly defaultServe: CompiledServe;
  /** On, no targets, no rules and a fixed default variant: the value is the same for everyone. */
  readonly isStatic: boolean;
  /** Segment keys referenced by inSegment conditions, to find flags affected by segment changes. */
  readonly segmentKeys: ReadonlySet<string>;
  /** The validated wire form, kept to write the snapshot back (persistence). */
  readonly source: SnapshotFlag;
}

export interface CompiledSegment {
  readonly key: string;
  readonly version: number;
  readonly included: ReadonlySet<string>;
  readonly excluded: ReadonlySet<string>;
  readonly conditions: readonly CompiledCondition[];
  readonly source: SnapshotSegment;
}
