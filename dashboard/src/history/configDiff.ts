import type { Condition, FlagConfig, Rule, Serve } from '@tripswitch/sdk/protocol';
import diff from 'microdiff';
import { formatShare } from '../targeting/rollout.ts';

/** One readable change between two configurations. */
export interface ConfigChange {
  path: string;
  before?: string;
  after?: string;
}

type Readable = string | Readable[] | { [key: string]: Readable };

export function describeCondition(condition: Condition): string {
  const subject = condition.operator === 'inSegment' ? 'context' : (condition.attribute ?? 'key');
  const negation = condition.negate ? 'not ' : '';
  return `${subject} ${negation}${condition.operator} ${condition.values.join(', ')}`;
}

export function describeServe(serve: Serve): string {
  if (serve.rollout) {
    const shares = serve.rollout.variations
      .map((v) => `${v.variant} ${formatShare(v.weight)}%`)
      .join(' · ');
    return `rollout ${shares}${serve.rollout.bucketBy ? ` by ${serve.rollout.bucketBy}` : ''}`;
  }
  return serve.variant ?? 'nothing';
}

function ruleLabel(rule: Rule): string {
  return rule.name ? `rule "${rule.name}"` : `rule ${rule.id.slice(0, 8)}`;
}

// A configuration as people read it: rules keyed by their stable id (so inserting one does not
// read as every later rule changing), conditions and serves as sentences.
function readable(config: FlagConfig): { [key: string]: Readable } {
  return {
    'kill switch': config.on ? 'on' : 'off',
    'off variation': config.offVariation,
    targets: Object.fromEntries(config.targets.map((t) => [t.variant, t.values.join(', ')])),
    rules: Object.fromEntries(
      config.rules.map((rule) => [
        ruleLabel(rule),
        { conditions: rule.conditions.map(describeCondition), serve: describeServe(rule.serve) },
      ]),
    ),
    'rule order': config.rules.map(ruleLabel).join(' → '),
    'default rule': describeServe(config.defaultServe),
  };
}

function inWords(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(inWords).join('; ');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([key, inner]) => `${key}: ${inWords(inner)}`)
      .join(' · ');
  }
  return String(value);
}

/** What changed from one configuration to the next, in words; empty when nothing did. */
export function diffConfigs(before: FlagConfig, after: FlagConfig): ConfigChange[] {
  return diff(readable(before), readable(after)).map((change) => {
    const path = change.path.map((part) => (typeof part === 'number' ? part + 1 : part));
    const line: ConfigChange = { path: path.join(' › ') };
    if (change.type !== 'CREATE') line.before = inWords(change.oldValue);
    if (change.type !== 'REMOVE') line.after = inWords(change.value);
    return line;
  });
}
