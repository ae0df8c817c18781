import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Environment, Flag } from '@tripswitch/sdk/protocol';
import { type FormEvent, useState } from 'react';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { type ControlProps, Field } from '../ui/Field.tsx';
import { FormErrors, fieldErrorsOf, InvalidInput } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { WithUnit } from '../ui/WithUnit.tsx';
import { DEFAULT_STEPS, parseSteps, type StepDraft } from './steps.ts';
import { afterRolloutChange } from './useRolloutControl.ts';

interface StartRolloutFormProps {
  flag: Flag;
  environment: Environment;
  /** The configuration's off variation: the usual control. */
  offVariation: string;
}

/** Starts a progressive rollout: control and treatment, then steps of shares and holds. */
export function StartRolloutForm({ flag, environment, offVariation }: StartRolloutFormProps) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const variantKeys = flag.variants.map((variant) => variant.key);
  const [control, setControl] = useState(offVariation);
  const [treatment, setTreatment] = useState(
    () => variantKeys.find((key) => key !== offVariation) ?? '',
  );
  const [steps, setSteps] = useState<StepDraft[]>(() => [...DEFAULT_STEPS]);
  const [bucketBy, setBucketBy] = useState('');
  const [comment, setComment] = useState('');
  const start = useMutation({
    mutationFn: () => {
      const parsed = parseSteps(steps);
      if (!parsed.steps) throw new InvalidInput(parsed.errors);
      return admin.call('startRollout', {
        params: { flagKey: flag.key, environment: environment.key },
        body: {
          controlVariant: control,
          treatmentVariant: treatment,
          steps: parsed.steps,
          ...(bucketBy.trim() ? { bucketBy: bucketBy.trim() } : {}),
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        },
      });
    },
    onSuccess: (rollout) => afterRolloutChange(queryClient, rollout),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (environment.confirmChanges) {
      const ok = await confirm({
        title: `Start rolling out ${treatment} in ${environment.name || environment.key}?`,
        body: `The flag turns on and serves “${treatment}” to ${steps[0]?.share ?? '?'}% at once; later steps follow by themselves while guardrails hold.`,
        confirmLabel: 'Start rollout',
      });
      if (!ok) return;
    }
    start.mutate();
  }
  const setStep = (index: number, change: Partial<StepDraft>) =>
    setSteps(steps.map((step, i) => (i === index ? { ...step, ...change } : step)));

  return (
    <FormErrors value={fieldErrorsOf(start.error)}>
      <form className="stack" onSubmit={submit} aria-label="Start a progressive rollout">
        <div className="row">
          <Field label="Control variant" pointer="/controlVariant" hint="What everyone else gets">
            {(controlProps) => (
              <VariantSelect
                {...controlProps}
                keys={variantKeys}
                value={control}
                onPick={setControl}
              />
            )}
          </Field>
          <Field label="Treatment variant" pointer="/treatmentVariant" hint="What is rolled out">
            {(controlProps) => (
              <VariantSelect
                {...controlProps}
                keys={variantKeys}
                value={treatment}
                onPick={setTreatment}
              />
            )}
          </Field>
        </div>
        <fieldset className="stack">
          <legend>Steps</legend>
          <p className="hint">
            Each step serves the treatment to a share of contexts and holds it; the next step
            follows only while every guardrail is healthy with enough samples. The last is 100%.
          </p>
          <ol className="step-drafts">
            {steps.map((step, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a step is its position in the list
              <li key={index} className="row">
                <Field label={`Step ${index + 1} share (%)`} pointer={`/steps/${index}/share`}>
                  {(controlProps) => (
                    <WithUnit unit="%">
                      <input
                        {...controlProps}
                        inputMode="decimal"
                        value={step.share}
                        onChange={(e) => setStep(index, { share: e.target.value })}
                      />
                    </WithUnit>
                  )}
                </Field>
                <Field label={`Step ${index + 1} hold`} pointer={`/steps/${index}/holdSeconds`}>
                  {(controlProps) => (
                    <input
                      {...controlProps}
                      value={step.hold}
                      onChange={(e) => setStep(index, { hold: e.target.value })}
                    />
                  )}
                </Field>
                <button
                  type="button"
                  onClick={() => setSteps(steps.filter((_, i) => i !== index))}
                  disabled={steps.length === 1}
                  aria-label={`Remove step ${index + 1}`}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <div>
            <button
              type="button"
              onClick={() => setSteps([...steps, { share: '100', hold: '30m' }])}
            >
              Add step
            </button>
          </div>
        </fieldset>
        <div className="row">
          <Field label="Bucket by attribute" pointer="/bucketBy" hint="Empty: the context key">
            {(controlProps) => (
              <input
                {...controlProps}
                value={bucketBy}
                onChange={(e) => setBucketBy(e.target.value)}
              />
            )}
          </Field>
          <Field
            label="Comment"
            pointer="/comment"
            hint="Why: kept in the history and the audit log"
          >
            {(controlProps) => (
              <input
                {...controlProps}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            )}
          </Field>
        </div>
        <ProblemBanner error={start.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={start.isPending}>
            Start rollout
          </button>
        </div>
      </form>
    </FormErrors>
  );
}

function VariantSelect({
  keys,
  value,
  onPick,
  ...control
}: ControlProps & { keys: string[]; value: string; onPick(key: string): void }) {
  return (
    <select {...control} value={value} onChange={(e) => onPick(e.target.value)}>
      {keys.map((key) => (
        <option key={key} value={key}>
          {key}
        </option>
      ))}
    </select>
  );
}
