import type { Condition, Rule, Segment, Variant } from '@tripswitch/sdk/protocol';
import { Field } from '../ui/Field.tsx';
import { ConditionEditor } from './ConditionEditor.tsx';
import { ServeEditor } from './ServeEditor.tsx';

interface RulesEditorProps {
  rules: Rule[];
  variants: readonly Variant[];
  segments: readonly Segment[];
  onChange(rules: Rule[]): void;
}

const newCondition = (): Condition => ({ attribute: '', operator: 'in', values: [''] });

// Rule ids only need to be unique within the flag; this works where crypto.randomUUID does not
// (pages served over plain http on a LAN address).
function newRuleId(): string {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Ordered targeting rules: the first whose conditions all match serves. */
export function RulesEditor({ rules, variants, segments, onChange }: RulesEditorProps) {
  const update = (index: number, rule: Rule) =>
    onChange(rules.map((current, i) => (i === index ? rule : current)));
  const move = (index: number, by: number) => {
    const next = [...rules];
    const [rule] = next.splice(index, 1);
    if (rule) next.splice(index + by, 0, rule);
    onChange(next);
  };
  const addRule = () =>
    onChange([
      ...rules,
      { id: newRuleId(), conditions: [newCondition()], serve: { variant: variants[0]?.key ?? '' } },
    ]);

  return (
    <section className="stack" aria-labelledby="rules-title">
      <h2 id="rules-title">Rules</h2>
      {rules.length === 0 && <p className="muted">No rules: everyone gets the default rule.</p>}
      {rules.map((rule, index) => (
        <RuleCard
          key={rule.id}
          rule={rule}
          number={index + 1}
          last={index === rules.length - 1}
          variants={variants}
          segments={segments}
          onChange={(next) => update(index, next)}
          onMove={(by) => move(index, by)}
          onRemove={() => onChange(rules.filter((_, i) => i !== index))}
        />
      ))}
      <div>
        <button type="button" onClick={addRule}>
          Add rule
        </button>
      </div>
    </section>
  );
}

interface RuleCardProps {
  rule: Rule;
  number: number;
  last: boolean;
  variants: readonly Variant[];
  segments: readonly Segment[];
  onChange(rule: Rule): void;
  onMove(by: number): void;
  onRemove(): void;
}

function RuleCard({ rule, number, last, variants, segments, ...actions }: RuleCardProps) {
  const pointer = `/config/rules/${number - 1}`;
  const label = `Rule ${number}`;
  const setConditions = (conditions: Condition[]) => actions.onChange({ ...rule, conditions });
  return (
    <article className="card stack" aria-label={label}>
      <div className="spread">
        <div>
          <h3>{label}</h3>
          <p className="muted">
            id <code>{rule.id}</code>
          </p>
        </div>
        <div className="row">
          <button type="button" onClick={() => actions.onMove(-1)} disabled={number === 1}>
            Move up
          </button>
          <button type="button" onClick={() => actions.onMove(1)} disabled={last}>
            Move down
          </button>
          <button type="button" onClick={actions.onRemove}>
            Remove rule
          </button>
        </div>
      </div>
      <Field label={`${label} name`} pointer={`${pointer}/name`}>
        {(control) => (
          <input
            {...control}
            value={rule.name ?? ''}
            onChange={(event) => actions.onChange({ ...rule, name: event.target.value })}
          />
        )}
      </Field>
      {rule.conditions.map((condition, index) => (
        <ConditionEditor
          // Conditions have no id; their position within the rule identifies them.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={index}
          condition={condition}
          segments={segments}
          label={`${label}, condition ${index + 1}`}
          pointer={`${pointer}/conditions/${index}`}
          onChange={(next) =>
            setConditions(rule.conditions.map((current, i) => (i === index ? next : current)))
          }
          onRemove={() => setConditions(rule.conditions.filter((_, i) => i !== index))}
        />
      ))}
      {rule.conditions.length === 0 && (
        <p className="field-error">A rule needs at least one condition.</p>
      )}
      <div>
        <button type="button" onClick={() => setConditions([...rule.conditions, newCondition()])}>
          Add condition
        </button>
      </div>
      <ServeEditor
        serve={rule.serve}
        variants={variants}
        label={label}
        pointer={`${pointer}/serve`}
        onChange={(serve) => actions.onChange({ ...rule, serve })}
      />
    </article>
  );
}
