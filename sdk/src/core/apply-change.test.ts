import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../protocol/index.ts';
import { toSnapshot } from './accessors.ts';
import { applyChange } from './apply-change.ts';
import { evaluate } from './evaluate.ts';
import { compiled, condition, flag, inSegment, rule, segment } from './factories.ts';

const checkout = flag({ rules: [rule([inSegment(['beta'])], 'on')] });
const banner = flag({ key: 'banner' });
const pricing = flag({ key: 'pricing', defaultServe: { variant: 'on' } });
const beta = segment('beta', { included: ['ada'] });
const current = compiled([checkout, banner, pricing], [beta]); // revision 10

function change(overrides: Partial<ChangeEvent>): ChangeEvent {
  return {
    schemaVersion: 1,
    environment: 'production',
    baseRevision: 10,
    revision: 11,
    flags: [],
    deletedFlags: [],
    segments: [],
    deletedSegments: [],
    ...overrides,
  };
}

describe('applying changes', () => {
  it('applies updated and deleted flags at the new revision', () => {
    const result = applyChange(
      current,
      change({ flags: [{ ...banner, on: false, version: 2 }], deletedFlags: ['pricing'] }),
    );
    if (result.kind !== 'applied') throw new Error(`expected applied, got ${result.kind}`);
    expect(result.snapshot.revision).toBe(11);
    expect(result.flags.sort()).toEqual(['banner', 'pricing']);
    expect(result.segments).toEqual([]);
    expect(evaluate(result.snapshot, 'banner', {}, true)).toMatchObject({
      reason: 'DISABLED',
      flagVersion: 2,
    });
    expect(evaluate(result.snapshot, 'pricing', {}, false).errorCode).toBe('FLAG_NOT_FOUND');
  });

  it('recompiles only the flags in the event, keeping the others as they were', () => {
    const result = applyChange(current, change({ flags: [{ ...banner, version: 2 }] }));
    if (result.kind !== 'applied') throw new Error(`expected applied, got ${result.kind}`);
    expect(result.snapshot.flags.get('checkout')).toBe(current.flags.get('checkout'));
    expect(result.snapshot.flags.get('pricing')).toBe(current.flags.get('pricing'));
    expect(result.snapshot.flags.get('banner')).not.toBe(current.flags.get('banner'));
    expect(result.snapshot.segments.get('beta')).toBe(current.segments.get('beta'));
  });

  it('leaves the current snapshot untouched, so readers in flight keep a consistent view', () => {
    const before = toSnapshot(current);
    applyChange(current, change({ flags: [{ ...banner, on: false }], deletedSegments: ['beta'] }));
    expect(toSnapshot(current)).toEqual(before);
  });

  it('lists flags that use a changed segment among the changed flags, without recompiling them', () => {
    const result = applyChange(
      current,
      change({ segments: [{ ...beta, included: ['bob'], version: 2 }] }),
    );
    if (result.kind !== 'applied') throw new Error(`expected applied, got ${result.kind}`);
    expect(result.flags).toEqual(['checkout']);
    expect(result.segments).toEqual(['beta']);
    expect(result.snapshot.flags.get('checkout')).toBe(current.flags.get('checkout'));
    expect(evaluate(result.snapshot, 'checkout', { key: 'bob' }, false).value).toBe(true);
    expect(evaluate(result.snapshot, 'checkout', { key: 'ada' }, true).value).toBe(false);
  });

  it('ignores an event at or below the current revision as stale', () => {
    expect(applyChange(current, change({ baseRevision: 9, revision: 10 }))).toEqual({
      kind: 'stale',
    });
    expect(applyChange(current, change({ baseRevision: 3, revision: 4 }))).toEqual({
      kind: 'stale',
    });
  });

  it('reports a gap when the event starts after the current revision', () => {
    expect(applyChange(current, change({ baseRevision: 11, revision: 12 }))).toEqual({
      kind: 'gap',
    });
  });

  it('applies an event whose base is below the current revision but whose revision is above it', () => {
    expect(applyChange(current, change({ baseRevision: 8, revision: 12 })).kind).toBe('applied');
  });

  it('refuses an event for another environment', () => {
    expect(applyChange(current, change({ environment: 'staging' }))).toEqual({
      kind: 'invalid',
      reason: 'environment: the event is for "staging", the snapshot for "production"',
    });
  });

  it('refuses a malformed event as a whole, naming the path, without changing anything', () => {
    const bad = { ...banner, defaultServe: { variant: 'missing' } };
    expect(applyChange(current, change({ flags: [pricing, bad] }))).toEqual({
      kind: 'invalid',
      reason: 'flags[1].defaultServe.variant: no variant "missing" in this flag',
    });
    expect(applyChange(current, { ...change({}), revision: 'eleven' })).toMatchObject({
      kind: 'invalid',
    });
    expect(applyChange(current, null)).toEqual({
      kind: 'invalid',
      reason: 'event: expected an object, got null',
    });
  });

  it('refuses an event from a newer schema major', () => {
    expect(applyChange(current, change({ schemaVersion: 2 }))).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('upgrade @tripswitch/sdk'),
    });
  });

  it('reports problems in the changed flags only', () => {
    const reports: string[] = [];
    const orphan = flag({
      key: 'orphan',
      rules: [rule([inSegment(['ghost']), condition('a', 'matches', ['('])], 'on')],
    });
    applyChange(current, change({ flags: [orphan] }), (message) => reports.push(message));
    expect(reports).toEqual([
      'flags[0].rules[0].conditions[1]: invalid regular expression "("; the condition matches nothing',
      'flags.orphan: inSegment names unknown segment "ghost", which has no members',
    ]);
  });
});
