import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FlagKind, validateVariants } from '@tripswitch/sdk/protocol';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { assertValid, FormErrors, fieldErrorsOf, InvalidInput } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { parseTags } from './tags.ts';
import { VariantsEditor } from './VariantsEditor.tsx';
import { defaultVariants, fromDrafts } from './variantValue.ts';

const kinds: FlagKind[] = ['boolean', 'string', 'number', 'json'];

export function CreateFlagPage() {
  const admin = useAdmin();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<FlagKind>('boolean');
  const [variants, setVariants] = useState(() => defaultVariants('boolean'));
  const [tags, setTags] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const parsed = fromDrafts(kind, variants);
      if (!parsed) throw new InvalidInput([]);
      assertValid(validateVariants(kind, parsed), '/variants');
      return admin.call('createFlag', {
        body: {
          key: key.trim(),
          kind,
          variants: parsed,
          tags: parseTags(tags),
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(description.trim() ? { description: description.trim() } : {}),
        },
      });
    },
    onSuccess: (flag) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
      navigate(`/flags/${flag.key}`);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <FormErrors value={fieldErrorsOf(create.error)}>
      <form className="stack" onSubmit={submit} aria-labelledby="create-flag-title">
        <h1 id="create-flag-title">New flag</h1>
        <div className="row">
          <Field
            label="Key"
            pointer="/key"
            hint="Used in code: lower-case letters, digits, '.', '_' or '-'"
          >
            {(control) => (
              <input
                {...control}
                value={key}
                onChange={(event) => setKey(event.target.value)}
                required
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field label="Name" pointer="/name">
            {(control) => (
              <input {...control} value={name} onChange={(event) => setName(event.target.value)} />
            )}
          </Field>
          <Field label="Kind" pointer="/kind">
            {(control) => (
              <select
                {...control}
                value={kind}
                onChange={(event) => {
                  const next = event.target.value as FlagKind;
                  setKind(next);
                  setVariants(defaultVariants(next));
                }}
              >
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label="Description" pointer="/description">
          {(control) => (
            <textarea
              {...control}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
            />
          )}
        </Field>
        <Field label="Tags" pointer="/tags" hint="Comma-separated, e.g. checkout, team:payments">
          {(control) => (
            <input {...control} value={tags} onChange={(event) => setTags(event.target.value)} />
          )}
        </Field>
        <VariantsEditor
          kind={kind}
          variants={variants}
          onChange={setVariants}
          pointer="/variants"
        />
        <ProblemBanner error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create flag'}
          </button>
        </div>
      </form>
    </FormErrors>
  );
}
