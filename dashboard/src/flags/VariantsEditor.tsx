import type { FlagKind } from '@tripswitch/sdk/protocol';
import { Field } from '../ui/Field.tsx';
import { parseVariantValue, type VariantDraft } from './variantValue.ts';

interface VariantsEditorProps {
  kind: FlagKind;
  variants: VariantDraft[];
  onChange(variants: VariantDraft[]): void;
  /** Pointer of the variants array in the request body, for the server's field errors. */
  pointer: string;
}

/** Edits a flag's variants; each value is checked against the flag's kind as it is typed. */
export function VariantsEditor({ kind, variants, onChange, pointer }: VariantsEditorProps) {
  const update = (index: number, change: Partial<VariantDraft>) =>
    onChange(variants.map((variant, i) => (i === index ? { ...variant, ...change } : variant)));

  return (
    <fieldset className="stack card">
      <legend>Variants</legend>
      {variants.map((variant, index) => {
        const parsed = parseVariantValue(kind, variant.valueText);
        const number = index + 1;
        return (
          // Variants have no stable id while being typed; their position is their identity here.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="row" key={index}>
            <Field label={`Variant ${number} key`} pointer={`${pointer}/${index}/key`}>
              {(control) => (
                <input
                  {...control}
                  value={variant.key}
                  onChange={(event) => update(index, { key: event.target.value })}
                  required
                />
              )}
            </Field>
            <Field
              label={`Variant ${number} value`}
              pointer={`${pointer}/${index}/value`}
              error={parsed.ok ? null : parsed.message}
            >
              {(control) =>
                kind === 'boolean' ? (
                  <select
                    {...control}
                    value={variant.valueText}
                    onChange={(event) => update(index, { valueText: event.target.value })}
                  >
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : kind === 'json' ? (
                  <textarea
                    {...control}
                    spellCheck={false}
                    value={variant.valueText}
                    onChange={(event) => update(index, { valueText: event.target.value })}
                  />
                ) : (
                  <input
                    {...control}
                    inputMode={kind === 'number' ? 'decimal' : undefined}
                    value={variant.valueText}
                    onChange={(event) => update(index, { valueText: event.target.value })}
                  />
                )
              }
            </Field>
            <Field label={`Variant ${number} name`} pointer={`${pointer}/${index}/name`}>
              {(control) => (
                <input
                  {...control}
                  value={variant.name}
                  onChange={(event) => update(index, { name: event.target.value })}
                />
              )}
            </Field>
            <button
              type="button"
              onClick={() => onChange(variants.filter((_, i) => i !== index))}
              disabled={variants.length <= 1}
              aria-label={`Remove variant ${number}`}
            >
              Remove
            </button>
          </div>
        );
      })}
      <div>
        <button
          type="button"
          onClick={() =>
            onChange([
              ...variants,
              { key: '', name: '', valueText: kind === 'boolean' ? 'false' : '' },
            ])
          }
        >
          Add variant
        </button>
      </div>
    </fieldset>
  );
}
