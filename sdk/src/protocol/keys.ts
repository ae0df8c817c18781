import { Type } from '@sinclair/typebox';

// Keys are identifiers that appear in code, URLs and logs, so they are strict: lower case, no
// spaces, bounded length. One pattern per kind of key keeps every layer in agreement.

/** A flag key: lower-case letters, digits, `.`, `_` or `-`, starting with a letter or digit. */
export const FlagKey = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,99}$',
  description:
    'Lower-case letters, digits, ".", "_" or "-", starting with a letter or digit; at most 100 characters.',
  examples: ['new-checkout'],
});

/** An environment key such as `production`. */
export const EnvironmentKey = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,31}$',
  description:
    'Lower-case letters, digits, "_" or "-", starting with a letter or digit; at most 32 characters.',
  examples: ['production'],
});

/** A segment key, unique within an environment. */
export const SegmentKey = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,99}$',
  description:
    'Lower-case letters, digits, ".", "_" or "-", starting with a letter or digit; at most 100 characters.',
  examples: ['beta-testers'],
});

/** A variant key, unique within a flag. */
export const VariantKey = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description:
    'Lower-case letters, digits, ".", "_" or "-", starting with a letter or digit; at most 64 characters.',
  examples: ['on', 'off', 'treatment-a'],
});

/** A context attribute name such as `country` or `user.plan`; `key` is the context key. */
export const AttributeName = Type.String({
  pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$',
  description:
    'Letters, digits, "_", "." or "-", starting with a letter or "_"; at most 64 characters. "key" is the context key.',
  examples: ['country', 'plan', 'appVersion'],
});

/** A rule id, unique within a flag configuration; stable across edits so audits can follow a rule. */
export const RuleId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,36}$' });
