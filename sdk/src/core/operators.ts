import type { Operator } from '../protocol/index.ts';
import type { ValueTest } from './model.ts';
import { toEpochMillis, toNumber } from './operands.ts';
import { compareSemVer, parseSemVer, type SemVer } from './semver.ts';

type Values = readonly (string | number)[];

/**
 * The test of one scalar context value for an operator, built once per compile. Returns a
 * problem (string) when a value cannot be used by the operator, undefined for an unknown
 * operator. "Any of the values" semantics: `lt [10, 20]` is `lt 20`.
 */
export function valueTestFor(operator: Operator, values: Values): ValueTest | string | undefined {
  switch (operator) {
    case 'in':
    case 'notIn':
      return membership(values);
    case 'startsWith':
      return textTest(values, (text, part) => text.startsWith(part));
    case 'endsWith':
      return textTest(values, (text, part) => text.endsWith(part));
    case 'contains':
      return textTest(values, (text, part) => text.includes(part));
    case 'matches':
      return patternTest(values);
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return orderTest(operator, values, toNumber, 'a number');
    case 'before':
      return orderTest('lt', values, toEpochMillis, 'an ISO 8601 date or epoch milliseconds');
    case 'after':
      return orderTest('gt', values, toEpochMillis, 'an ISO 8601 date or epoch milliseconds');
    case 'semverEq':
    case 'semverLt':
    case 'semverGt':
      return semverTest(operator, values);
    default:
      return undefined;
  }
}

// Equality compares by type: strings with strings, numbers with numbers. Booleans compare as
// "true" / "false", since condition values cannot be booleans.
function membership(values: Values): ValueTest {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  for (const value of values) {
    if (typeof value === 'string') strings.add(value);
    else numbers.add(value);
  }
  return (value) => {
    if (typeof value === 'string') return strings.has(value);
    if (typeof value === 'number') return numbers.has(value);
    if (typeof value === 'boolean') return strings.has(value ? 'true' : 'false');
    return false;
  };
}

// Text operators test string attributes only; number values are compared as their text.
function textTest(values: Values, test: (text: string, part: string) => boolean): ValueTest {
  const parts = values.map(String);
  return (value) => {
    if (typeof value !== 'string') return false;
    for (const part of parts) if (test(value, part)) return true;
    return false;
  };
}

/**
 * The longest text a `matches` condition looks at; a longer value does not match. With the
 * server refusing patterns that backtrack worse than quadratically, this bounds one pattern's
 * test to about a millisecond however hostile the context (1,024 characters against `^a*a*$`).
 */
export const PATTERN_INPUT_LIMIT = 1024;

function patternTest(values: Values): ValueTest | string {
  const patterns: RegExp[] = [];
  for (const value of values) {
    try {
      // Unicode mode: strict syntax and code-point semantics. Unanchored, case-sensitive.
      patterns.push(new RegExp(String(value), 'u'));
    } catch {
      return `invalid regular expression ${JSON.stringify(String(value))}`;
    }
  }
  return (value) => {
    if (typeof value !== 'string' || value.length > PATTERN_INPUT_LIMIT) return false;
    for (const pattern of patterns) if (pattern.test(value)) return true;
    return false;
  };
}

type Order = 'lt' | 'lte' | 'gt' | 'gte';

function orderTest(
  order: Order,
  values: Values,
  convert: (raw: unknown) => number | undefined,
  expected: string,
): ValueTest | string {
  const bounds: number[] = [];
  for (const value of values) {
    const bound = convert(value);
    if (bound === undefined) return `${JSON.stringify(value)} is not ${expected}`;
    bounds.push(bound);
  }
  // Matching any value means comparing with the loosest bound.
  const below = order === 'lt' || order === 'lte';
  const bound = below ? Math.max(...bounds) : Math.min(...bounds);
  const inclusive = order === 'lte' || order === 'gte';
  return (value) => {
    const operand = convert(value);
    if (operand === undefined) return false;
    if (operand === bound) return inclusive;
    return below ? operand < bound : operand > bound;
  };
}

function semverTest(
  operator: 'semverEq' | 'semverLt' | 'semverGt',
  values: Values,
): ValueTest | string {
  const versions: SemVer[] = [];
  for (const value of values) {
    const version = parseSemVer(value);
    if (version === undefined) return `${JSON.stringify(value)} is not a semantic version`;
    versions.push(version);
  }
  const wanted = operator === 'semverEq' ? 0 : operator === 'semverLt' ? -1 : 1;
  return (value) => {
    const version = parseSemVer(value);
    if (version === undefined) return false;
    for (const other of versions)
      if (Math.sign(compareSemVer(version, other)) === wanted) return true;
    return false;
  };
}
