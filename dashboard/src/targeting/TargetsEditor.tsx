import type { Target, Variant } from '@tripswitch/sdk/protocol';
import { Field } from '../ui/Field.tsx';

interface TargetsEditorProps {
  targets: Target[];
  variants: readonly Variant[];
  onChange(targets: Target[]): void;
}

/** Individual targets: context keys listed under a variant always get it, before any rule. */
export function TargetsEditor({ targets, variants, onChange }: TargetsEditorProps) {
  const setValues = (variant: string, values: string[]) => {
    // Replace in place, so positions (and the server's error pointers) stay put.
    const exists = targets.some((target) => target.variant === variant);
    onChange(
      exists
        ? targets.map((target) => (target.variant === variant ? { variant, values } : target))
        : [...targets, { variant, values }],
    );
  };
  return (
    <section className="stack" aria-labelledby="targets-title">
      <h2 id="targets-title">Individual targets</h2>
      <div className="row">
        {variants.map((variant) => {
          const index = targets.findIndex((target) => target.variant === variant.key);
          return (
            <Field
              key={variant.key}
              label={`Context keys served ${variant.key}`}
              hint="One per line"
              {...(index >= 0 ? { pointer: `/config/targets/${index}` } : {})}
            >
              {(control) => (
                <textarea
                  {...control}
                  rows={2}
                  spellCheck={false}
                  value={(targets[index]?.values ?? []).join('\n')}
                  onChange={(event) => setValues(variant.key, event.target.value.split('\n'))}
                />
              )}
            </Field>
          );
        })}
      </div>
    </section>
  );
}
