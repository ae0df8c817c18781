// Writes test/vectors/bucketing.json and evaluation.json after checking that the implementation
// agrees with every declared expectation. Run: pnpm --filter @tripswitch/test vectors
import { writeFileSync } from 'node:fs';
import { compileSnapshot, evaluate, type FlagKind } from '@tripswitch/sdk';
import { bucketingVectors } from './generate-bucketing.ts';
import { type EvaluationSuite, evaluationSuites } from './generate-evaluation.ts';

/** The fields the vectors pin down, in a fixed order; absent ones omitted. */
function outcome(detail: object): Record<string, unknown> {
  const fields = ['reason', 'variant', 'value', 'ruleIndex', 'ruleId', 'errorCode'];
  const record = detail as Record<string, unknown>;
  return Object.fromEntries(
    fields.filter((f) => record[f] !== undefined).map((f) => [f, record[f]]),
  );
}

function disagreements(suites: EvaluationSuite[]): string[] {
  const problems: string[] = [];
  for (const suite of suites) {
    const compiled = compileSnapshot(suite.snapshot);
    if (!compiled.ok) {
      problems.push(`${suite.name}: snapshot refused: ${compiled.reason}`);
      continue;
    }
    for (const c of suite.cases) {
      const kind = c.expectedKind as FlagKind | undefined;
      const detail = evaluate(compiled.snapshot, c.flag, c.context, c.defaultValue, kind);
      const actual = outcome(detail);
      if (JSON.stringify(actual) !== JSON.stringify(outcome(c.expected))) {
        problems.push(
          `${suite.name} / ${c.flag} ${JSON.stringify(c.context)}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(actual)}`,
        );
      }
    }
  }
  return problems;
}

const suites = evaluationSuites();
const problems = disagreements(suites);
if (problems.length > 0) {
  console.error(
    `${problems.length} declared expectations disagree with the implementation:\n${problems.join('\n')}`,
  );
  process.exit(1);
}
const write = (name: string, content: unknown) =>
  writeFileSync(new URL(name, import.meta.url), `${JSON.stringify(content, null, 2)}\n`);
const buckets = bucketingVectors();
write('bucketing.json', {
  description:
    'bucket = murmur3 x86 32-bit (seed 0) of the UTF-8 bytes of salt + "." + value, modulo 100000. Every SDK must reproduce each case.',
  cases: buckets,
});
const caseCount = suites.reduce((sum, suite) => sum + suite.cases.length, 0);
write('evaluation.json', {
  description:
    'Compile each suite\'s `snapshot`, then evaluate(flag, context, defaultValue, expectedKind?) must give exactly `expected` in the fields reason, variant, value, ruleIndex, ruleId and errorCode: a field not listed must be absent (see README "How evaluation works").',
  suites,
});
console.log(`wrote ${buckets.length} bucketing cases and ${caseCount} evaluation cases`);
