import type { Serve, Variant } from '@tripswitch/sdk/protocol';
import { useId } from 'react';
import { Field } from '../ui/Field.tsx';
import { RolloutEditor } from './RolloutEditor.tsx';
import { allOn } from './rollout.ts';

interface ServeEditorProps {
  serve: Serve;
  variants: readonly Variant[];
  onChange(serve: Serve): void;
  label: string;
  pointer: string;
}

/** What a rule serves: one variant, or a percentage rollout between variants. */
export function ServeEditor({ serve, variants, onChange, label, pointer }: ServeEditorProps) {
  const name = useId();
  const keys = variants.map((v) => v.key);
  const first = keys[0] ?? '';
  return (
    <fieldset className="stack">
      <legend>{label} serves</legend>
      <div className="row" role="radiogroup" aria-label={`${label} serves`}>
        <label className="checkbox">
          <input
            type="radio"
            name={name}
            checked={!serve.rollout}
            onChange={() => onChange({ variant: serve.rollout?.variations[0]?.variant ?? first })}
          />
          A variant
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name={name}
            checked={Boolean(serve.rollout)}
            onChange={() =>
              onChange({ rollout: { variations: allOn(keys, serve.variant ?? first) } })
            }
          />
          A percentage rollout
        </label>
      </div>
      {serve.rollout ? (
        <RolloutEditor
          rollout={serve.rollout}
          onChange={(rollout) => onChange({ rollout })}
          label={label}
          pointer={`${pointer}/rollout`}
        />
      ) : (
        <Field label={`${label}: variant`} pointer={pointer}>
          {(control) => (
            <select
              {...control}
              value={serve.variant ?? ''}
              onChange={(event) => onChange({ variant: event.target.value })}
            >
              {keys.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </fieldset>
  );
}
