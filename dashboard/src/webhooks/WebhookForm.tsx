import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedWebhook, WebhookEvent } from '@tripswitch/sdk/protocol';
import { type FormEvent, useState } from 'react';
import { environmentsQuery } from '../api/queries.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { FormErrors, fieldErrorsOf, useFieldErrors } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';

const events: { event: WebhookEvent; label: string }[] = [
  { event: 'guardrail.tripped', label: 'A guardrail tripped' },
  { event: 'guardrail.rearmed', label: 'A guardrail was re-armed' },
  { event: 'rollout.advanced', label: 'A rollout took its next step' },
  { event: 'rollout.completed', label: 'A rollout completed' },
  { event: 'rollout.paused', label: 'A rollout paused' },
];

const toggle = <T,>(list: T[], item: T, on: boolean) =>
  on ? [...list, item] : list.filter((other) => other !== item);

export function WebhookForm({ onCreated }: { onCreated(webhook: CreatedWebhook): void }) {
  const admin = useAdmin();
  const queryClient = useQueryClient();
  const environments = useQuery(environmentsQuery(admin));
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [chosenEvents, setChosenEvents] = useState<WebhookEvent[]>(['guardrail.tripped']);
  const [chosenEnvironments, setChosenEnvironments] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () =>
      admin.call('createWebhook', {
        body: {
          name: name.trim(),
          url: url.trim(),
          events: chosenEvents,
          environments: chosenEnvironments,
        },
      }),
    onSuccess: (created) => {
      onCreated(created);
      setName('');
      setUrl('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhooks });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <FormErrors value={fieldErrorsOf(create.error)}>
      <form className="card stack" onSubmit={submit} aria-labelledby="new-webhook-title">
        <h2 id="new-webhook-title">New webhook</h2>
        <div className="row">
          <Field label="Webhook name" pointer="/name">
            {(control) => (
              <input {...control} required value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <Field label="URL" pointer="/url" hint="https://… (http:// for local receivers)">
            {(control) => (
              <input
                {...control}
                type="url"
                required
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
            )}
          </Field>
        </div>
        <CheckboxGroup
          legend="Events"
          pointer="/events"
          options={events.map(({ event, label }) => ({ value: event, label }))}
          chosen={chosenEvents}
          onChange={(value, on) => setChosenEvents(toggle(chosenEvents, value, on))}
        />
        <CheckboxGroup
          legend="Environments (none chosen: all)"
          pointer="/environments"
          options={(environments.data ?? []).map((env) => ({
            value: env.key,
            label: env.name || env.key,
          }))}
          chosen={chosenEnvironments}
          onChange={(value, on) => setChosenEnvironments(toggle(chosenEnvironments, value, on))}
        />
        <ProblemBanner error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create webhook
          </button>
        </div>
      </form>
    </FormErrors>
  );
}

function CheckboxGroup<T extends string>({
  legend,
  pointer,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  pointer: string;
  options: { value: T; label: string }[];
  chosen: readonly T[];
  onChange(value: T, on: boolean): void;
}) {
  const errors = useFieldErrors(pointer);
  return (
    <fieldset className="row">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(option.value)}
            onChange={(event) => onChange(option.value, event.target.checked)}
          />
          {option.label}
        </label>
      ))}
      {errors.length > 0 && (
        <p className="field-error" role="alert">
          {errors.join('; ')}
        </p>
      )}
    </fieldset>
  );
}
