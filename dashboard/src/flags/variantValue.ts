import type { FlagKind, Variant } from '@tripswitch/sdk/protocol';

/** A variant as the form edits it: the value as typed, parsed by the flag's kind on save. */
export interface VariantDraft {
  key: string;
  name: string;
  valueText: string;
}

export type ParsedValue = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses a typed value as the flag kind asks; the message says what is wrong, in words. */
export function parseVariantValue(kind: FlagKind, text: string): ParsedValue {
  switch (kind) {
    case 'boolean':
      if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
      return { ok: false, message: 'Choose true or false.' };
    case 'number': {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) {
        return { ok: false, message: 'Enter a number, e.g. 42 or 0.5.' };
      }
      return { ok: true, value };
    }
    case 'string':
      return { ok: true, value: text };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch (error) {
        return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
      }
  }
}

/** The text a variant's value is edited as. */
export function formatVariantValue(kind: FlagKind, value: unknown): string {
  if (kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
}

/** The variants a new flag of this kind starts with. */
export function defaultVariants(kind: FlagKind): VariantDraft[] {
  const pair = (on: string, off: string) => [
    { key: 'on', name: '', valueText: on },
    { key: 'off', name: '', valueText: off },
  ];
  switch (kind) {
    case 'boolean':
      return pair('true', 'false');
    case 'number':
      return pair('1', '0');
    case 'string':
      return pair('enabled', 'disabled');
    case 'json':
      return pair('{"enabled": true}', '{"enabled": false}');
  }
}

export function toDrafts(kind: FlagKind, variants: readonly Variant[]): VariantDraft[] {
  return variants.map((variant) => ({
    key: variant.key,
    name: variant.name ?? '',
    valueText: formatVariantValue(kind, variant.value),
  }));
}

/** Turns drafts into variants, or null when a value does not parse (its field shows why). */
export function fromDrafts(kind: FlagKind, drafts: readonly VariantDraft[]): Variant[] | null {
  const variants: Variant[] = [];
  for (const draft of drafts) {
    const parsed = parseVariantValue(kind, draft.valueText);
    if (!parsed.ok) return null;
    variants.push({
      key: draft.key.trim(),
      value: parsed.value,
      ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    });
  }
  return variants;
}
