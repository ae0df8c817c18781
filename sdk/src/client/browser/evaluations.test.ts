import { describe, expect, it } from 'vitest';
import type { EvaluatedFlags, EvaluationResult } from '../../protocol/evaluation.ts';
import { served } from '../testing/evaluations-server.ts';
import { EvaluationStore } from './evaluations.ts';

const evaluated = (
  revision: number,
  flags: Record<string, EvaluationResult>,
  environment = 'production',
): EvaluatedFlags => ({ schemaVersion: 1, environment, revision, flags });

function storeWith(flags: Record<string, EvaluationResult>, revision = 3) {
  const store = new EvaluationStore('ada');
  expect(store.replace({ context: 'ada', evaluations: evaluated(revision, flags) })).toEqual({
    outcome: 'applied',
    flags: Object.keys(flags),
  });
  return store;
}

describe('EvaluationStore', () => {
  it('serves the default with PROVIDER_NOT_READY before any results', () => {
    const store = new EvaluationStore('ada');
    expect(store.revision).toBeUndefined();
    expect(store.detail('new-checkout', true, 'boolean')).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'PROVIDER_NOT_READY',
    });
    expect(store.values()).toEqual({});
  });

  it('serves each result with its variant, reason, rule and flag version', () => {
    const rule: EvaluationResult = {
      value: 'red',
      variant: 'red',
      reason: 'TARGETING_MATCH',
      ruleIndex: 0,
      ruleId: 'r1',
      flagVersion: 7,
      kind: 'string',
    };
    const store = storeWith({ banner: rule, 'new-checkout': served(true, 'on') });
    expect(store.detail('banner', 'none', 'string')).toEqual({
      flagKey: 'banner',
      value: 'red',
      variant: 'red',
      reason: 'TARGETING_MATCH',
      ruleIndex: 0,
      ruleId: 'r1',
      flagVersion: 7,
    });
    expect(store.detail('new-checkout', false, 'boolean').value).toBe(true);
    expect(store.values()).toEqual({ banner: 'red', 'new-checkout': true });
  });

  it('gives FLAG_NOT_FOUND for a flag absent from the results', () => {
    const store = storeWith({ banner: served('red') });
    expect(store.detail('no-such-flag', 7, 'number')).toMatchObject({
      value: 7,
      reason: 'ERROR',
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: 'no flag "no-such-flag" in production',
    });
    expect(store.detail('toString', 7, 'number').errorCode).toBe('FLAG_NOT_FOUND');
  });

  it("reports TYPE_MISMATCH from the flag's kind, even when the value looks right", () => {
    // A json flag may serve a string: only its kind tells it from a string flag.
    const store = storeWith({
      layout: { ...served('wide'), kind: 'json' },
      killed: { value: false, variant: 'off', reason: 'DISABLED', kind: 'boolean' },
    });
    expect(store.detail('layout', 'narrow', 'string')).toMatchObject({
      value: 'narrow',
      errorCode: 'TYPE_MISMATCH',
      flagVersion: 1,
    });
    expect(store.detail('layout', {}, 'json').value).toBe('wide');
    expect(store.detail('killed', 'x', 'string').errorCode).toBe('TYPE_MISMATCH');
  });

  it('judges the kind by the value when a server sends no kind', () => {
    const { kind: _, ...withoutKind } = served(5);
    const store = storeWith({ limit: withoutKind });
    expect(store.detail('limit', 'x', 'string').errorCode).toBe('TYPE_MISMATCH');
    expect(store.detail('limit', 1, 'number').value).toBe(5);
  });

  it("serves the caller's default with the server's error code for an error result", () => {
    const missingKey: EvaluationResult = {
      value: null,
      reason: 'ERROR',
      errorCode: 'TARGETING_KEY_MISSING',
      flagVersion: 2,
      kind: 'boolean',
    };
    const store = storeWith({ rollout: missingKey });
    expect(store.detail('rollout', true, 'boolean')).toMatchObject({
      value: true,
      reason: 'ERROR',
      errorCode: 'TARGETING_KEY_MISSING',
      flagVersion: 2,
    });
    expect(store.values()).toEqual({ rollout: null });
  });

  it('refuses results for another context, and never moves back to an older revision', () => {
    const store = storeWith({ banner: served('red') }, 5);
    const older = { context: 'ada', evaluations: evaluated(4, { banner: served('blue') }) };
    expect(store.replace(older)).toEqual({ outcome: 'stale' });
    const other = { context: 'bob', evaluations: evaluated(9, { banner: served('blue') }) };
    expect(store.replace(other)).toEqual({ outcome: 'stale' });
    expect(store.detail('banner', '', 'string').value).toBe('red');
  });

  it("after identify, keeps serving until the new context's results arrive, whatever their revision", () => {
    const store = storeWith({ banner: served('red'), limit: served(3) }, 5);
    store.identify('bob');
    expect(store.current).toBe(false);
    expect(store.detail('banner', '', 'string').value).toBe('red');
    const bob = {
      context: 'bob',
      evaluations: evaluated(4, { banner: served('blue'), limit: served(3) }),
    };
    expect(store.replace(bob)).toEqual({ outcome: 'applied', flags: ['banner'] });
    expect(store.current).toBe(true);
    expect(store.revision).toBe(4);
  });

  it('names only the flags whose results changed, appeared or went', () => {
    const store = storeWith({ a: served(true), b: served(true), c: served(true) }, 1);
    const next = {
      context: 'ada',
      evaluations: evaluated(2, { a: served(true), b: served(false), d: served(1) }),
    };
    expect(store.replace(next)).toEqual({ outcome: 'applied', flags: ['c', 'b', 'd'] });
    const same = { context: 'ada', evaluations: evaluated(3, next.evaluations.flags) };
    expect(store.replace(same)).toEqual({ outcome: 'applied', flags: [] });
  });

  it('refuses malformed results and a newer schema major, saying why', () => {
    const store = new EvaluationStore('ada');
    const refused = (evaluations: unknown, context: unknown = 'ada') =>
      store.replace({ context, evaluations });
    expect(refused(evaluated(1, {}), 1)).toEqual({
      outcome: 'invalid',
      reason: 'it names no context',
    });
    expect(refused(null).outcome).toBe('invalid');
    expect(refused({ ...evaluated(1, {}), schemaVersion: 2 })).toMatchObject({
      outcome: 'invalid',
      reason: expect.stringMatching(/schemaVersion 2 is newer/),
    });
    expect(refused({ ...evaluated(1, {}), revision: -1 }).outcome).toBe('invalid');
    expect(refused(evaluated(1, { a: { value: 1 } as EvaluationResult }))).toEqual({
      outcome: 'invalid',
      reason: 'flags.a is not an evaluation result',
    });
    expect(refused(evaluated(1, { a: { ...served(1), variant: 3 } as never })).outcome).toBe(
      'invalid',
    );
    expect(store.revision).toBeUndefined();
  });

  it('serializes what it serves with its context, and reads it back', () => {
    const store = storeWith({ banner: served('red') });
    const restored = new EvaluationStore('ada');
    expect(restored.replace(JSON.parse(store.serialized() as string)).outcome).toBe('applied');
    expect(restored.detail('banner', '', 'string').value).toBe('red');
  });

  it('answers every change event with a gap: client streams carry revisions only', () => {
    expect(new EvaluationStore('ada').change()).toEqual({ outcome: 'gap' });
  });
});
