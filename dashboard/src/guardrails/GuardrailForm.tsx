import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Flag, Guardrail, GuardrailMetric } from '@tripswitch/sdk/protocol';
import { type FormEvent, useId, useState } from 'react';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { FormErrors, fieldErrorsOf, InvalidInput } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { metricLabel } from './describe.ts';
import {
  createBodyOf,
  type GuardrailDraft,
  guardrailDraftOf,
  thresholdInPercent,
  updateBodyOf,
} from './draft.ts';

const metrics: GuardrailMetric[] = ['errorRate', 'latencyP95', 'latencyP99', 'eventRate'];

interface GuardrailFormProps {
  flag: Flag;
  environment: string;
  /** The guardrail to edit; a new one without it. */
  guardrail?: Guardrail;
  onDone(): void;
}

/** Adds a guardrail, or edits one (its metric is fixed once made). */
export function GuardrailForm({ flag, environment, guardrail, onDone }: GuardrailFormProps) {
  const admin = useAdmin();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [draft, setDraft] = useState(() => guardrailDraftOf(guardrail));
  const set = (change: Partial<GuardrailDraft>) => setDraft({ ...draft, ...change });
  const params = { flagKey: flag.key, environment };
  const save = useMutation({
    mutationFn: () => {
      if (guardrail) {
        const { body, errors } = updateBodyOf(draft);
        if (!body) throw new InvalidInput(errors);
        return admin.call('updateGuardrail', {
          params: { ...params, guardrailId: guardrail.id },
          body,
        });
      }
      const { body, errors } = createBodyOf(draft);
      if (!body) throw new InvalidInput(errors);
      return admin.call('createGuardrail', { params, body });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.guardrails(environment, flag.key) });
      if (!guardrail) setDraft(guardrailDraftOf());
      onDone();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  const inPercent = thresholdInPercent(draft);
  const thresholdLabel =
    draft.thresholdKind === 'relative'
      ? 'Limit: above control (%)'
      : inPercent
        ? 'Limit (%)'
        : 'Limit (ms)';
  return (
    <FormErrors value={fieldErrorsOf(save.error)}>
      <form className="stack" onSubmit={submit} aria-labelledby={titleId}>
        <h4 id={titleId}>{guardrail ? 'Edit guardrail' : 'New guardrail'}</h4>
        <div className="row">
          <Field label="Metric" pointer="/metric">
            {(control) => (
              <select
                {...control}
                value={draft.metric}
                disabled={Boolean(guardrail)}
                onChange={(e) => set({ metric: e.target.value as GuardrailMetric })}
              >
                {metrics.map((metric) => (
                  <option key={metric} value={metric}>
                    {metric === 'eventRate' ? 'Custom event rate' : metricLabel(metric)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {draft.metric === 'eventRate' && (
            <Field label="Event" pointer="/event" hint="A bad event, e.g. payment-declined">
              {(control) => (
                <input
                  {...control}
                  value={draft.event}
                  onChange={(e) => set({ event: e.target.value })}
                />
              )}
            </Field>
          )}
        </div>
        <fieldset className="row">
          <legend>Threshold</legend>
          <label className="checkbox">
            <input
              type="radio"
              name={`${titleId}-kind`}
              checked={draft.thresholdKind === 'absolute'}
              onChange={() => set({ thresholdKind: 'absolute' })}
            />
            Absolute
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name={`${titleId}-kind`}
              checked={draft.thresholdKind === 'relative'}
              onChange={() => set({ thresholdKind: 'relative' })}
            />
            Relative to control
          </label>
          <Field label={thresholdLabel} pointer="/threshold">
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                value={draft.threshold}
                onChange={(e) => set({ threshold: e.target.value })}
              />
            )}
          </Field>
        </fieldset>
        <div className="row">
          <Field
            label="Minimum sample"
            pointer="/minimumSample"
            hint={draft.metric === 'eventRate' ? 'Evaluations per variant' : 'Outcomes per variant'}
          >
            {(control) => (
              <input
                {...control}
                inputMode="numeric"
                value={draft.minimumSample}
                onChange={(e) => set({ minimumSample: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Window"
            pointer="/windowSeconds"
            hint="empty: evidence from arming, for the whole rollout; or e.g. 1h, 1d for a long-lived guardrail (the budget then holds per window)"
          >
            {(control) => (
              <input
                {...control}
                value={draft.window}
                onChange={(e) => set({ window: e.target.value })}
              />
            )}
          </Field>
          <Field
            label="Confidence (%)"
            pointer="/confidence"
            hint="99: at most a 1% chance of ever tripping a healthy rollout"
          >
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                value={draft.confidence}
                onChange={(e) => set({ confidence: e.target.value })}
              />
            )}
          </Field>
        </div>
        <div className="row">
          <Field label="On trip" pointer="/action">
            {(control) => (
              <select
                {...control}
                value={draft.action}
                onChange={(e) => set({ action: e.target.value as GuardrailDraft['action'] })}
              >
                <option value="kill">Kill: turn the flag off</option>
                <option value="revert">Revert: the version before the rollout</option>
              </select>
            )}
          </Field>
          <Field
            label="Shadow mode"
            pointer="/shadow"
            hint="Judge and record when it would trip, without acting or holding a rollout"
          >
            {(control) => (
              <input
                {...control}
                type="checkbox"
                checked={draft.shadow}
                onChange={(e) => set({ shadow: e.target.checked })}
              />
            )}
          </Field>
          <Field label="Control variant" pointer="/controlVariant">
            {(control) => (
              <select
                {...control}
                value={draft.controlVariant}
                onChange={(e) => set({ controlVariant: e.target.value })}
              >
                <option value="">The rollout's control, else the off variation</option>
                {flag.variants.map((variant) => (
                  <option key={variant.key} value={variant.key}>
                    {variant.key}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label="Comment" pointer="/comment" hint="Why: kept in the audit log">
          {(control) => (
            <input
              {...control}
              value={draft.comment}
              onChange={(e) => set({ comment: e.target.value })}
            />
          )}
        </Field>
        <ProblemBanner error={save.error} />
        <div className="actions">
          <button type="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={save.isPending}>
            {guardrail ? 'Save guardrail' : 'Add guardrail'}
          </button>
        </div>
      </form>
    </FormErrors>
  );
}
