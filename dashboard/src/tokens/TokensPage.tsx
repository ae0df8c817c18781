import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatedToken, Token, TokenKind } from '@tripswitch/sdk/protocol';
import { type FormEvent, useState } from 'react';
import { environmentsQuery, tokensQuery } from '../api/queries.ts';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { CopyButton } from '../ui/CopyButton.tsx';
import { Field } from '../ui/Field.tsx';
import { FormErrors, fieldErrorsOf } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { QueryState } from '../ui/QueryState.tsx';

const kindHints: Record<TokenKind, string> = {
  admin: 'The REST API, like this dashboard.',
  server: "A server SDK: one environment's rules, snapshot and stream.",
  client: "A browser SDK: one environment's evaluated results only.",
};

export function TokensPage() {
  const admin = useAdmin();
  const tokens = useQuery(tokensQuery(admin));
  const [created, setCreated] = useState<CreatedToken | null>(null);
  return (
    <div className="stack">
      <h1>API tokens</h1>
      {created && (
        <div className="banner info stack" role="status">
          <p>
            <strong>Copy the secret of “{created.token.name}” now:</strong> it is not shown again.
          </p>
          <div className="row">
            <input
              readOnly
              aria-label="New token secret"
              value={created.secret}
              onFocus={(event) => event.target.select()}
            />
            <CopyButton text={created.secret} label="Copy the new token secret" />
            <button type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <QueryState query={tokens}>
        {(items) => (
          <ul className="list" aria-label="Tokens">
            {items.length === 0 && <li className="muted">No tokens.</li>}
            {items.map((token) => (
              <TokenItem key={token.id} token={token} />
            ))}
          </ul>
        )}
      </QueryState>
      <CreateTokenForm onCreated={setCreated} />
    </div>
  );
}

function TokenItem({ token }: { token: Token }) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => admin.call('revokeToken', { params: { tokenId: token.id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
  async function askRevoke() {
    const ok = await confirm({
      title: `Revoke “${token.name}”?`,
      body: 'Anything using it stops working at once.',
      confirmLabel: 'Revoke',
      danger: true,
    });
    if (ok) revoke.mutate();
  }
  return (
    <li>
      <div className="primary-cell">
        <strong>{token.name}</strong> <code>{token.prefix}…</code>
        <span className="muted">
          {' '}
          · {token.kind}
          {token.environment && ` · ${token.environment}`} · last used{' '}
          {token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : 'never'}
        </span>
      </div>
      {token.revokedAt ? (
        <span className="pill off">revoked</span>
      ) : (
        <button type="button" onClick={askRevoke} aria-label={`Revoke ${token.name}`}>
          Revoke
        </button>
      )}
      <ProblemBanner error={revoke.error} />
    </li>
  );
}

function CreateTokenForm({ onCreated }: { onCreated(token: CreatedToken): void }) {
  const admin = useAdmin();
  const queryClient = useQueryClient();
  const environments = useQuery(environmentsQuery(admin));
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TokenKind>('server');
  const [environment, setEnvironment] = useState('');
  const chosenEnvironment = environment || environments.data?.[0]?.key || '';
  const create = useMutation({
    mutationFn: () =>
      admin.call('createToken', {
        body: {
          name: name.trim(),
          kind,
          ...(kind === 'admin' ? {} : { environment: chosenEnvironment }),
        },
      }),
    onSuccess: (token) => {
      onCreated(token);
      setName('');
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <FormErrors value={fieldErrorsOf(create.error)}>
      <form className="card stack" onSubmit={submit} aria-labelledby="new-token-title">
        <h2 id="new-token-title">New token</h2>
        <div className="row">
          <Field label="Token name" pointer="/name">
            {(control) => (
              <input {...control} required value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <Field label="Kind" pointer="/kind" hint={kindHints[kind]}>
            {(control) => (
              <select
                {...control}
                value={kind}
                onChange={(e) => setKind(e.target.value as TokenKind)}
              >
                <option value="server">server</option>
                <option value="client">client</option>
                <option value="admin">admin</option>
              </select>
            )}
          </Field>
          {kind !== 'admin' && (
            <Field label="Environment" pointer="/environment">
              {(control) => (
                <select
                  {...control}
                  value={chosenEnvironment}
                  onChange={(e) => setEnvironment(e.target.value)}
                >
                  {(environments.data ?? []).map((env) => (
                    <option key={env.key} value={env.key}>
                      {env.key}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </div>
        <ProblemBanner error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
      </form>
    </FormErrors>
  );
}
