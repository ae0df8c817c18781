// One false-trip budget per flag environment. Its guardrails together may trip a rollout that is
// within every limit with probability at most 1 - the strictest confidence among them, however
// many guardrails and treatments it has: the budget is split equally (Bonferroni) over armed
// guardrails x treatment variants, each test spending its share. Adding a guardrail lowers the
// others' shares at once, which only makes them stricter; removing one raises them, so the promise
// is counted over the guardrails armed at each moment.

/** A budget share below this gives a test that needs absurd evidence: refused, not run. */
export const SMALLEST_ALPHA = 1e-5;

export interface Budget {
  /** The flag environment's budget: 1 - the strictest confidence among its armed guardrails. */
  environment: number;
  /** Tests that share it: armed guardrails x treatment variants (every variant but the control). */
  tests: number;
  /** Each test's share. */
  alpha: number;
}

/** The budget of a flag environment with these armed guardrails and this many variants. */
export function budgetOf(armed: ReadonlyArray<{ confidence: number }>, variants: number): Budget {
  const strictest = Math.max(0, ...armed.map((guardrail) => guardrail.confidence));
  const environment = armed.length === 0 ? 0 : 1 - strictest;
  const tests = Math.max(1, armed.length) * Math.max(1, variants - 1);
  return { environment, tests, alpha: environment / tests };
}
