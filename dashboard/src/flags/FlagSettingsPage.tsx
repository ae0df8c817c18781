import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Flag, validateVariants } from '@tripswitch/sdk/protocol';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { assertValid, FormErrors, fieldErrorsOf, InvalidInput } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { useDraft } from '../ui/useDraft.ts';
import { useFlagContext } from './FlagLayout.tsx';
import { parseTags } from './tags.ts';
import { VariantsEditor } from './VariantsEditor.tsx';
import { fromDrafts, toDrafts } from './variantValue.ts';

const toDraft = (flag: Flag) => ({
  name: flag.name,
  description: flag.description,
  tags: flag.tags.join(', '),
  owner: flag.owner ?? '',
  variants: toDrafts(flag.kind, flag.variants),
});

export function FlagSettingsPage() {
  const { flag } = useFlagContext();
  const admin = useAdmin();
  const confirm = useConfirm();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { draft, base, dirty, stale, setDraft, rebase } = useDraft(flag, toDraft);
  const params = { flagKey: flag.key };
  const refresh = (next?: Flag) => {
    if (next) queryClient.setQueryData(queryKeys.flag(flag.key), next);
    void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
  };

  const save = useMutation({
    mutationFn: () => {
      const variants = fromDrafts(flag.kind, draft.variants);
      if (!variants) throw new InvalidInput([]);
      assertValid(validateVariants(flag.kind, variants), '/variants');
      return admin.call('updateFlag', {
        params,
        body: {
          baseVersion: base.version,
          name: draft.name.trim() || flag.key,
          description: draft.description,
          tags: parseTags(draft.tags),
          owner: draft.owner.trim() || null,
          variants,
        },
      });
    },
    onSuccess: (next) => {
      rebase(next);
      refresh(next);
    },
  });
  const archive = useMutation({
    mutationFn: (archived: boolean) =>
      admin.call(archived ? 'archiveFlag' : 'unarchiveFlag', { params, body: {} }),
    onSuccess: (next) => refresh(next),
  });
  const remove = useMutation({
    mutationFn: () => admin.call('deleteFlag', { params }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.flag(flag.key) });
      refresh();
      navigate('/flags');
    },
  });

  async function toggleArchive() {
    const archiving = !flag.archived;
    const ok = await confirm({
      title: archiving ? `Archive ${flag.key}?` : `Bring ${flag.key} back?`,
      body: archiving ? 'SDKs stop seeing this flag and serve their defaults.' : undefined,
      confirmLabel: archiving ? 'Archive' : 'Unarchive',
      danger: archiving,
    });
    if (ok) archive.mutate(archiving);
  }

  async function deleteForGood() {
    const ok = await confirm({
      title: `Delete ${flag.key} for good?`,
      body: 'Its versions go; its audit entries stay.',
      confirmLabel: 'Delete',
      danger: true,
    });
    if (ok) remove.mutate();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <FormErrors value={fieldErrorsOf(save.error)}>
      <form className="stack" onSubmit={submit} aria-label="Flag settings">
        {stale && (
          <div className="banner warning" role="status">
            Someone changed this flag while you were editing (now version {flag.version}).{' '}
            <button type="button" className="link" onClick={() => rebase(flag)}>
              Discard my edit and load theirs
            </button>
          </div>
        )}
        <div className="row">
          <Field label="Name" pointer="/name">
            {(control) => (
              <input
                {...control}
                value={draft.name}
                onChange={(event) => setDraft({ ...draft, name: event.target.value })}
              />
            )}
          </Field>
          <Field label="Owner" pointer="/owner">
            {(control) => (
              <input
                {...control}
                value={draft.owner}
                onChange={(event) => setDraft({ ...draft, owner: event.target.value })}
              />
            )}
          </Field>
        </div>
        <Field label="Description" pointer="/description">
          {(control) => (
            <textarea
              {...control}
              value={draft.description}
              onChange={(event) => setDraft({ ...draft, description: event.target.value })}
            />
          )}
        </Field>
        <Field label="Tags" pointer="/tags" hint="Comma-separated">
          {(control) => (
            <input
              {...control}
              value={draft.tags}
              onChange={(event) => setDraft({ ...draft, tags: event.target.value })}
            />
          )}
        </Field>
        <VariantsEditor
          kind={flag.kind}
          variants={draft.variants}
          onChange={(variants) => setDraft({ ...draft, variants })}
          pointer="/variants"
        />
        <ProblemBanner error={save.error ?? archive.error ?? remove.error} />
        <div className="actions">
          {flag.archived && (
            <button type="button" className="danger" onClick={deleteForGood}>
              Delete for good
            </button>
          )}
          <button type="button" onClick={toggleArchive}>
            {flag.archived ? 'Unarchive' : 'Archive'}
          </button>
          <button type="submit" className="primary" disabled={!dirty || save.isPending}>
            Save settings
          </button>
        </div>
      </form>
    </FormErrors>
  );
}
