import type { Rollout } from '@tripswitch/sdk/protocol';
import { useState } from 'react';
import { Field } from '../ui/Field.tsx';
import { useFieldErrors } from '../ui/FormErrors.tsx';
import { WithUnit } from '../ui/WithUnit.tsx';
import { formatShare, parseShare, SHARE_STEP, setShare } from './rollout.ts';

interface RolloutEditorProps {
  rollout: Rollout;
  onChange(rollout: Rollout): void;
  /** Names the rollout for assistive technology, e.g. "Default rule". */
  label: string;
  pointer: string;
}

/** Per-variant shares with a slider and an exact input each, always summing to 100%. */
export function RolloutEditor({ rollout, onChange, label, pointer }: RolloutEditorProps) {
  const errors = useFieldErrors(`${pointer}/variations`);
  const change = (index: number, weight: number) =>
    onChange({ ...rollout, variations: setShare(rollout.variations, index, weight) });

  return (
    <fieldset className="stack">
      <legend>{label}: rollout</legend>
      {rollout.variations.map((variation, index) => (
        <div className="share" key={variation.variant}>
          <code>{variation.variant}</code>
          <input
            type="range"
            min={0}
            max={100}
            step={SHARE_STEP / 1000}
            value={variation.weight / 1000}
            aria-label={`${label}: share of ${variation.variant}, slider`}
            aria-valuetext={`${formatShare(variation.weight)}%`}
            onChange={(event) => change(index, Number(event.target.value) * 1000)}
          />
          <WithUnit unit="%">
            <ShareInput
              weight={variation.weight}
              label={`${label}: share of ${variation.variant} (%)`}
              onCommit={(weight) => change(index, weight)}
            />
          </WithUnit>
        </div>
      ))}
      {errors.length > 0 && (
        <p className="field-error" role="alert">
          {errors.join('; ')}
        </p>
      )}
      <Field
        label="Bucket by attribute"
        hint="Empty: the context key"
        pointer={`${pointer}/bucketBy`}
      >
        {(control) => (
          <input
            {...control}
            value={rollout.bucketBy ?? ''}
            onChange={(event) => {
              const { bucketBy: _, ...rest } = rollout;
              onChange(event.target.value ? { ...rest, bucketBy: event.target.value } : rest);
            }}
          />
        )}
      </Field>
    </fieldset>
  );
}

/** The exact share, kept as typed while focused so "5." or an empty box can be typed through. */
function ShareInput({
  weight,
  label,
  onCommit,
}: {
  weight: number;
  label: string;
  onCommit(weight: number): void;
}) {
  const [text, setText] = useState<string | null>(null);
  return (
    <input
      type="text"
      inputMode="decimal"
      aria-label={label}
      value={text ?? formatShare(weight)}
      onFocus={() => setText(formatShare(weight))}
      onBlur={() => setText(null)}
      onChange={(event) => {
        setText(event.target.value);
        const parsed = parseShare(event.target.value);
        if (parsed !== null) onCommit(parsed);
      }}
    />
  );
}
