import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Environment } from '@tripswitch/sdk/protocol';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { environmentsQuery } from '../api/queries.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { FormErrors, fieldErrorsOf } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { QueryState } from '../ui/QueryState.tsx';

export function EnvironmentsPage() {
  const admin = useAdmin();
  const environments = useQuery(environmentsQuery(admin));
  return (
    <div className="stack">
      <h1>Environments</h1>
      <QueryState query={environments}>
        {(items) => (
          <ul className="list" aria-label="Environments">
            {items.map((environment) => (
              <EnvironmentItem key={environment.key} environment={environment} />
            ))}
          </ul>
        )}
      </QueryState>
      <CreateEnvironmentForm />
    </div>
  );
}

function EnvironmentItem({ environment }: { environment: Environment }) {
  const admin = useAdmin();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (confirmChanges: boolean) =>
      admin.call('updateEnvironment', {
        params: { environment: environment.key },
        body: { confirmChanges },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.environments }),
  });
  return (
    <li>
      <div className="primary-cell">
        <strong>{environment.name || environment.key}</strong> <code>{environment.key}</code>
        <span className="muted"> · revision {environment.revision}</span>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={environment.confirmChanges}
          disabled={update.isPending}
          onChange={(event) => update.mutate(event.target.checked)}
        />
        Ask for confirmation before changes
      </label>
      <Link to={`/environments/${environment.key}/segments`}>Segments</Link>
      <ProblemBanner error={update.error} />
    </li>
  );
}

function CreateEnvironmentForm() {
  const admin = useAdmin();
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [confirmChanges, setConfirmChanges] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      admin.call('createEnvironment', {
        body: { key: key.trim(), confirmChanges, ...(name.trim() ? { name: name.trim() } : {}) },
      }),
    onSuccess: () => {
      setKey('');
      setName('');
      setConfirmChanges(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.environments });
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <FormErrors value={fieldErrorsOf(create.error)}>
      <form className="card stack" onSubmit={submit} aria-labelledby="new-environment-title">
        <h2 id="new-environment-title">New environment</h2>
        <div className="row">
          <Field label="Environment key" pointer="/key" hint="e.g. staging">
            {(control) => (
              <input {...control} required value={key} onChange={(e) => setKey(e.target.value)} />
            )}
          </Field>
          <Field label="Environment name" pointer="/name">
            {(control) => (
              <input {...control} value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={confirmChanges}
            onChange={(event) => setConfirmChanges(event.target.checked)}
          />
          Ask for confirmation before changes (for production)
        </label>
        <ProblemBanner error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create environment
          </button>
        </div>
      </form>
    </FormErrors>
  );
}
