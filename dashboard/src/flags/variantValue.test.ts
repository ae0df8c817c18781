import { describe, expect, it } from 'vitest';
import { fromDrafts, parseVariantValue, toDrafts } from './variantValue.ts';

describe('parseVariantValue', () => {
  it('accepts only true or false for boolean flags', () => {
    expect(parseVariantValue('boolean', 'true')).toEqual({ ok: true, value: true });
    expect(parseVariantValue('boolean', 'yes').ok).toBe(false);
  });

  it('rejects blank and non-numeric text for number flags', () => {
    expect(parseVariantValue('number', '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseVariantValue('number', '').ok).toBe(false);
    expect(parseVariantValue('number', '12abc').ok).toBe(false);
  });

  it('explains invalid JSON for json flags', () => {
    expect(parseVariantValue('json', '{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    const parsed = parseVariantValue('json', '{"a": ');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toMatch(/^Not valid JSON/);
  });
});

describe('drafts', () => {
  it('round-trip typed values and leave out empty names', () => {
    const variants = [
      { key: 'blue', value: { color: '#00f' }, name: 'Blue' },
      { key: 'none', value: null },
    ];
    expect(fromDrafts('json', toDrafts('json', variants))).toEqual(variants);
  });

  it('give null when any value does not parse', () => {
    expect(fromDrafts('number', [{ key: 'a', name: '', valueText: 'ten' }])).toBeNull();
  });
});
