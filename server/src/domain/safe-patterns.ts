import type { Condition, FieldError } from '@tripswitch/sdk/protocol';
import safeRegex from 'safe-regex2';

// Regexes are evaluated in every SDK on every request, so one that can backtrack exponentially
// would let a flag edit stall applications. The shared validator has already checked that each
// pattern compiles; this adds the star-height check, which only the server enforces.

/** Field errors for `matches` values that could backtrack catastrophically. */
export function unsafePatterns(conditions: [Condition, string][]): FieldError[] {
  return conditions.flatMap(([condition, at]) =>
    condition.operator !== 'matches'
      ? []
      : condition.values.flatMap((value, k) =>
          typeof value === 'string' && !safeRegex(value)
            ? [
                {
                  field: `${at}/values/${k}`,
                  message: 'could backtrack catastrophically (nested quantifiers); simplify it',
                },
              ]
            : [],
        ),
  );
}
