import { type Condition, type FieldError, patternProblem } from '@tripswitch/sdk/protocol';
import { check, type Diagnostics } from 'recheck';

// Regexes are evaluated in every SDK on every request, so one that can backtrack exponentially
// would let a flag edit stall applications. The shared validator has already checked that each
// pattern compiles; this proves each one safe with recheck (automata theory, then fuzzing), which
// only the server runs: off the event loop (its native agent, else a worker thread) and before
// any transaction, so no environment lock waits on it. Quadratic patterns such as `\d+\.\d+` are
// accepted: SDKs test at most PATTERN_INPUT_LIMIT (1,024) characters, about a millisecond in the
// worst case. Cubic and worse are refused: `^\d*\d*\d*\d*\d*x$` took 2 s on 110 characters.

/** How long one pattern may take to prove; a pattern that cannot be proven safe is refused. */
const CHECK_TIMEOUT_MS = 5_000;
/** Worst backtracking accepted: quadratic in the input (see PATTERN_INPUT_LIMIT). */
const MAX_DEGREE = 2;
/** Verdicts remembered: configs are re-sent whole on each edit, with the same patterns. */
const REMEMBERED = 1_000;

const verdicts = new Map<string, Promise<string | undefined>>();

/** Why `pattern` is refused, or undefined when it is safe. */
function verdictOn(pattern: string): Promise<string | undefined> {
  let verdict = verdicts.get(pattern);
  if (!verdict) {
    verdict = judge(pattern);
    if (verdicts.size >= REMEMBERED) verdicts.delete(verdicts.keys().next().value as string);
    verdicts.set(pattern, verdict);
  }
  return verdict;
}

async function judge(pattern: string): Promise<string | undefined> {
  let diagnostics: Diagnostics;
  try {
    // Unicode mode, as the evaluator compiles it.
    diagnostics = await check(pattern, 'u', { timeout: CHECK_TIMEOUT_MS });
  } catch (error) {
    verdicts.delete(pattern);
    throw error;
  }
  if (diagnostics.status === 'safe') return undefined;
  if (diagnostics.status === 'vulnerable') {
    const { complexity } = diagnostics;
    if (complexity.type === 'polynomial' && complexity.degree <= MAX_DEGREE) return undefined;
    const attack = diagnostics.attack.pattern;
    const shown = attack.length > 60 ? `${attack.slice(0, 60)}…` : attack;
    const growth =
      complexity.type === 'exponential'
        ? 'exponential time'
        : `time growing as n^${complexity.degree}`;
    return `could backtrack catastrophically (${growth} on input such as ${shown}); simplify it`;
  }
  // A pattern that could not be proven safe is not served to every application. Not remembered:
  // a timeout on a busy host may pass on a quiet one.
  verdicts.delete(pattern);
  return diagnostics.error.kind === 'timeout'
    ? `could not be proven safe from catastrophic backtracking within ${CHECK_TIMEOUT_MS / 1000} s; simplify it`
    : `could not be checked for catastrophic backtracking (${diagnostics.error.kind}); simplify it`;
}

/** Field errors for `matches` values that could backtrack catastrophically. */
export async function unsafePatterns(conditions: [Condition, string][]): Promise<FieldError[]> {
  const checks = conditions.flatMap(([condition, at]) =>
    condition.operator !== 'matches'
      ? []
      : condition.values.map(async (value, k): Promise<FieldError | undefined> => {
          // One that does not compile is the shared validator's to name.
          if (typeof value !== 'string' || patternProblem(value) !== undefined) return undefined;
          const refusal = await verdictOn(value);
          return refusal === undefined
            ? undefined
            : { field: `${at}/values/${k}`, message: refusal };
        }),
  );
  return (await Promise.all(checks)).filter((error) => error !== undefined);
}
