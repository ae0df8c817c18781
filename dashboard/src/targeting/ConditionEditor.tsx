import { type Condition, OPERATORS, type Operator, type Segment } from '@tripswitch/sdk/protocol';
import { Field } from '../ui/Field.tsx';

const operatorLabels: Record<Operator, string> = {
  in: 'is one of',
  notIn: 'is none of',
  startsWith: 'starts with',
  endsWith: 'ends with',
  contains: 'contains',
  matches: 'matches regex',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  before: 'is before (date)',
  after: 'is after (date)',
  semverEq: 'semver =',
  semverLt: 'semver <',
  semverGt: 'semver >',
  inSegment: 'is in segment',
};

interface ConditionEditorProps {
  condition: Condition;
  segments: readonly Segment[];
  onChange(condition: Condition): void;
  onRemove(): void;
  label: string;
  pointer: string;
}

/** One condition: attribute, operator and values (one per line), or segments; negatable. */
export function ConditionEditor(props: ConditionEditorProps) {
  const { condition, segments, onChange, onRemove, label, pointer } = props;
  const inSegment = condition.operator === 'inSegment';
  const toggleSegment = (key: string, checked: boolean) => {
    const keys = condition.values.map(String).filter((value) => value !== key);
    onChange({ ...condition, values: checked ? [...keys, key] : keys });
  };

  return (
    <fieldset className="card row">
      <legend>{label}</legend>
      {!inSegment && (
        <Field label="Attribute" pointer={`${pointer}/attribute`} hint="key is the context key">
          {(control) => (
            <input
              {...control}
              value={condition.attribute ?? ''}
              spellCheck={false}
              onChange={(event) => onChange({ ...condition, attribute: event.target.value })}
            />
          )}
        </Field>
      )}
      <Field label="Operator" pointer={`${pointer}/operator`}>
        {(control) => (
          <select
            {...control}
            value={condition.operator}
            onChange={(event) => {
              const operator = event.target.value as Operator;
              // Segment keys and attribute values do not carry over between the two kinds.
              const keep = (operator === 'inSegment') === inSegment;
              onChange({ ...condition, operator, values: keep ? condition.values : [''] });
            }}
          >
            {OPERATORS.map((operator) => (
              <option key={operator} value={operator}>
                {operatorLabels[operator]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {inSegment ? (
        <fieldset className="field">
          <legend>Segments</legend>
          {segments.length === 0 && <p className="hint">This environment has no segments yet.</p>}
          {segments.map((segment) => (
            <label className="checkbox" key={segment.key}>
              <input
                type="checkbox"
                checked={condition.values.includes(segment.key)}
                onChange={(event) => toggleSegment(segment.key, event.target.checked)}
              />
              {segment.name || segment.key}
            </label>
          ))}
        </fieldset>
      ) : (
        <Field label="Values" pointer={`${pointer}/values`} hint="One per line">
          {(control) => (
            <textarea
              {...control}
              rows={2}
              value={condition.values.join('\n')}
              onChange={(event) =>
                onChange({ ...condition, values: event.target.value.split('\n') })
              }
            />
          )}
        </Field>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={condition.negate ?? false}
          onChange={(event) => onChange({ ...condition, negate: event.target.checked })}
        />
        Negate
      </label>
      <button type="button" onClick={onRemove} aria-label={`Remove ${label.toLowerCase()}`}>
        Remove
      </button>
    </fieldset>
  );
}
