import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TripswitchApiError } from '@tripswitch/sdk/admin';
import {
  type Environment,
  type Flag,
  type FlagConfig,
  type FlagEnvironment,
  type Segment,
  validateFlagConfig,
} from '@tripswitch/sdk/protocol';
import { type FormEvent, useState } from 'react';
import { queryKeys } from '../api/queryKeys.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { diffConfigs } from '../history/configDiff.ts';
import { DiffList } from '../history/DiffList.tsx';
import { useConfirm } from '../ui/ConfirmProvider.tsx';
import { Field } from '../ui/Field.tsx';
import { assertValid, FormErrors, fieldErrorsOf } from '../ui/FormErrors.tsx';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { useDraft } from '../ui/useDraft.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import { cleanConfig, reapply } from './configDraft.ts';
import { RulesEditor } from './RulesEditor.tsx';
import { ServeEditor } from './ServeEditor.tsx';
import { TargetsEditor } from './TargetsEditor.tsx';

interface ConfigEditorProps {
  current: FlagEnvironment;
  environment: Environment;
  flag: Flag;
  segments: readonly Segment[];
}

const configOf = (flagEnvironment: FlagEnvironment) => flagEnvironment.config;
const partNames: Record<keyof FlagConfig, string> = {
  on: 'the kill switch',
  offVariation: 'the off variation',
  targets: 'the targets',
  rules: 'the rules',
  defaultServe: 'the default rule',
};
const onlyKillSwitchMoved = (a: FlagConfig, b: FlagConfig) =>
  JSON.stringify({ ...a, on: b.on }) === JSON.stringify(b);

/** Targets, rules, the default rule and the off variation of one flag in one environment. */
export function ConfigEditor({ current, environment, flag, segments }: ConfigEditorProps) {
  const admin = useAdmin();
  const confirm = useConfirm();
  const queryClient = useQueryClient();
  const { draft, base, dirty, stale, setDraft, rebase } = useDraft(current, configOf);
  const [comment, setComment] = useState('');
  const [reapplied, setReapplied] = useState<string | null>(null);
  const queryKey = queryKeys.flagEnvironment(environment.key, flag.key);

  // A kill or an enable, by anyone, does not touch what is being edited here: follow it.
  if (stale && dirty && onlyKillSwitchMoved(base.config, current.config)) {
    rebase(current, { ...draft, on: current.config.on });
  }

  const save = useMutation({
    mutationFn: (config: FlagConfig) => {
      const refs = { variants: flag.variants, segmentKeys: segments.map((s) => s.key) };
      assertValid(validateFlagConfig(config, refs), '/config');
      return admin.call('updateFlagEnvironment', {
        params: { flagKey: flag.key, environment: environment.key },
        body: { baseVersion: base.version, config, ...(comment.trim() ? { comment } : {}) },
      });
    },
    onSuccess: (next) => {
      queryClient.setQueryData(queryKey, next);
      rebase(next);
      setComment('');
      setReapplied(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.flags });
      void queryClient.invalidateQueries({
        queryKey: queryKeys.versions(environment.key, flag.key),
      });
    },
    onError: (error) => {
      if (!(error instanceof TripswitchApiError) || error.code !== 'TS_VERSION_CONFLICT') return;
      const latest = error.current as Partial<FlagEnvironment> | undefined;
      if (latest?.config && typeof latest.version === 'number' && latest.flagKey === flag.key) {
        queryClient.setQueryData(queryKey, latest as FlagEnvironment);
      } else {
        void queryClient.invalidateQueries({ queryKey });
      }
    },
  });
  const refused =
    save.error instanceof TripswitchApiError && save.error.code === 'TS_VERSION_CONFLICT';

  function reload() {
    rebase(current);
    setReapplied(null);
    save.reset();
  }

  function reapplyMine() {
    const merged = reapply(base.config, draft, current.config);
    rebase(current, merged.config);
    setReapplied(
      merged.overlapping.length > 0
        ? `You both changed ${merged.overlapping.map((part) => partNames[part]).join(', ')}: yours replaced theirs there. Review, then save.`
        : 'Your edit now sits on their version. Review, then save.',
    );
    save.reset();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const config = cleanConfig(draft);
    if (environment.confirmChanges) {
      const ok = await confirm({
        title: `Save ${flag.key} in ${environment.name || environment.key}?`,
        body: <DiffList changes={diffConfigs(base.config, config)} label="Your changes" />,
        confirmLabel: 'Save',
      });
      if (!ok) return;
    }
    save.mutate(config);
  }

  const variantKeys = flag.variants.map((v) => v.key);
  return (
    <FormErrors value={fieldErrorsOf(save.error)}>
      <form className="stack" onSubmit={submit} aria-label="Targeting">
        {stale && dirty && (
          <ConflictNotice
            base={base}
            current={current}
            refused={refused}
            onReload={reload}
            onReapply={reapplyMine}
          />
        )}
        {reapplied && (
          <p className="banner info" role="status">
            {reapplied}
          </p>
        )}
        <TargetsEditor
          targets={draft.targets}
          variants={flag.variants}
          onChange={(targets) => setDraft({ ...draft, targets })}
        />
        <RulesEditor
          rules={draft.rules}
          variants={flag.variants}
          segments={segments}
          onChange={(rules) => setDraft({ ...draft, rules })}
        />
        <section className="stack" aria-labelledby="default-rule-title">
          <h2 id="default-rule-title">Default rule</h2>
          <ServeEditor
            serve={draft.defaultServe}
            variants={flag.variants}
            label="Default rule"
            pointer="/config/defaultServe"
            onChange={(defaultServe) => setDraft({ ...draft, defaultServe })}
          />
          <Field
            label="Off variation"
            pointer="/config/offVariation"
            hint="Served to everyone while the flag is off"
          >
            {(control) => (
              <select
                {...control}
                value={draft.offVariation}
                onChange={(event) => setDraft({ ...draft, offVariation: event.target.value })}
              >
                {variantKeys.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </section>
        <Field label="Comment" pointer="/comment" hint="Why: kept in the history and the audit log">
          {(control) => (
            <input
              {...control}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
          )}
        </Field>
        {!(refused && stale && dirty) && <ProblemBanner error={save.error} />}
        <div className="actions">
          <button type="button" onClick={reload} disabled={!dirty}>
            Discard changes
          </button>
          <button type="submit" className="primary" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
    </FormErrors>
  );
}
