import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Segment, validateSegmentRules } from '@tripswitch/sdk/protocol';
import type { FormEvent } from 'react';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { ConditionEditor } from '../targeting/ConditionEditor.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { assertValid, FormErrors, fieldErrorsOf } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { useDraft } from '../ui/useDraft.ts';
import { cleanRules, emptySegment, type SegmentDraft, segmentToDraft } from './segmentDraft.ts';

interface SegmentFormProps {
  environment: string;
  /** The segment to edit; without it the form creates one. */
  segment?: Segment;
  onDone(): void;
}

const toDraft = (segment: Segment | undefined) =>
  segment ? segmentToDraft(segment) : emptySegment();

export function SegmentForm({ environment, segment, onDone }: SegmentFormProps) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const { draft, base, stale, setDraft, rebase } = useDraft(segment, toDraft);
  const params = { environment };
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.segments(environment) });
    onDone();
  };
  const save = useMutation({
    mutationFn: () => {
      const rules = cleanRules(draft.rules);
      assertValid(validateSegmentRules(rules), '/rules');
      const common = {
        name: draft.name.trim() || draft.key.trim(),
        description: draft.description,
        rules,
      };
      return base
        ? admin.call('updateSegment', {
            params: { ...params, segmentKey: base.key },
            body: { baseVersion: base.version, ...common },
          })
        : admin.call('createSegment', { params, body: { key: draft.key.trim(), ...common } });
    },
    onSuccess: () => {
      if (!base) rebase(undefined);
      done();
    },
  });
  const remove = useMutation({
    mutationFn: (segmentKey: string) =>
      admin.call('deleteSegment', { params: { ...params, segmentKey } }),
    onSuccess: done,
  });
  const set = (change: Partial<SegmentDraft>) => setDraft({ ...draft, ...change });
  const setRules = (change: Partial<SegmentDraft['rules']>) =>
    set({ rules: { ...draft.rules, ...change } });
  const label = base ? `Edit segment ${base.key}` : 'New segment';

  async function askDelete(segmentKey: string) {
    const ok = await confirm({
      title: `Delete segment ${segmentKey}?`,
      body: 'Flags that use it must stop using it first.',
      confirmLabel: 'Delete',
      danger: true,
    });
    if (ok) remove.mutate(segmentKey);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <FormErrors value={fieldErrorsOf(save.error)}>
      <form className="card stack" onSubmit={submit} aria-label={label}>
        <h2>{label}</h2>
        {stale && segment && (
          <div className="banner warning" role="alert">
            Someone saved version {segment.version} while you were editing.{' '}
            <button type="button" className="link" onClick={() => rebase(segment)}>
              Discard my edit and load theirs
            </button>
          </div>
        )}
        <div className="row">
          {!base && (
            <Field label="Segment key" pointer="/key">
              {(control) => (
                <input
                  {...control}
                  required
                  value={draft.key}
                  onChange={(e) => set({ key: e.target.value })}
                />
              )}
            </Field>
          )}
          <Field label="Segment name" pointer="/name">
            {(control) => (
              <input
                {...control}
                value={draft.name}
                onChange={(e) => set({ name: e.target.value })}
              />
            )}
          </Field>
        </div>
        <Field label="Description" pointer="/description">
          {(control) => (
            <input
              {...control}
              value={draft.description}
              onChange={(e) => set({ description: e.target.value })}
            />
          )}
        </Field>
        <div className="row">
          <Field
            label="Included context keys"
            pointer="/rules/included"
            hint="One per line; always in"
          >
            {(control) => (
              <textarea
                {...control}
                value={draft.rules.included.join('\n')}
                onChange={(e) => setRules({ included: e.target.value.split('\n') })}
              />
            )}
          </Field>
          <Field
            label="Excluded context keys"
            pointer="/rules/excluded"
            hint="One per line; never in"
          >
            {(control) => (
              <textarea
                {...control}
                value={draft.rules.excluded.join('\n')}
                onChange={(e) => setRules({ excluded: e.target.value.split('\n') })}
              />
            )}
          </Field>
        </div>
        {draft.rules.conditions.map((condition, index) => (
          <ConditionEditor
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id
            key={index}
            condition={condition}
            segments={[]}
            label={`Condition ${index + 1}`}
            pointer={`/rules/conditions/${index}`}
            onChange={(next) =>
              setRules({
                conditions: draft.rules.conditions.map((c, i) => (i === index ? next : c)),
              })
            }
            onRemove={() =>
              setRules({ conditions: draft.rules.conditions.filter((_, i) => i !== index) })
            }
          />
        ))}
        <div>
          <button
            type="button"
            onClick={() =>
              setRules({
                conditions: [
                  ...draft.rules.conditions,
                  { attribute: '', operator: 'in', values: [''] },
                ],
              })
            }
          >
            Add condition
          </button>
        </div>
        <ProblemBanner error={save.error ?? remove.error} />
        <div className="actions">
          {base && (
            <button type="button" className="danger" onClick={() => askDelete(base.key)}>
              Delete segment
            </button>
          )}
          <button type="submit" className="primary" disabled={save.isPending}>
            {base ? 'Save segment' : 'Create segment'}
          </button>
        </div>
      </form>
    </FormErrors>
  );
}
