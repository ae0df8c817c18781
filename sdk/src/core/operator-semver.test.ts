import { describe, expect, it } from 'vitest';
import { condition, matcher } from './factories.ts';
import { compareSemVer, parseSemVer } from './semver.ts';

// The precedence example of semver.org 2.0.0, section 11, in ascending order.
const ascending = [
  '1.0.0-alpha',
  '1.0.0-alpha.1',
  '1.0.0-alpha.beta',
  '1.0.0-beta',
  '1.0.0-beta.2',
  '1.0.0-beta.11',
  '1.0.0-rc.1',
  '1.0.0',
  '1.0.1',
  '1.1.0',
  '2.0.0',
  '10.0.0',
];

describe('semver comparisons', () => {
  it('follow semver 2.0 precedence, pre-releases included', () => {
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        const version = ascending[i] as string;
        const other = ascending[j] as string;
        expect(matcher([condition('v', 'semverLt', [other])])({ v: version })).toBe(i < j);
        expect(matcher([condition('v', 'semverGt', [other])])({ v: version })).toBe(i > j);
        expect(matcher([condition('v', 'semverEq', [other])])({ v: version })).toBe(i === j);
      }
    }
  });

  it('ignore build metadata', () => {
    expect(matcher([condition('v', 'semverEq', ['1.2.3+build.7'])])({ v: '1.2.3+other' })).toBe(
      true,
    );
  });

  it('compare numeric pre-release identifiers exactly, beyond 2^53', () => {
    const huge = parseSemVer('1.0.0-9007199254740993');
    const huger = parseSemVer('1.0.0-9007199254740994');
    expect(huge && huger && compareSemVer(huge, huger)).toBeLessThan(0);
  });

  it('do not match strings that are not strict semantic versions', () => {
    const modern = matcher([condition('v', 'semverGt', ['1.0.0'])]);
    for (const v of [
      'v2.0.0',
      '2.0',
      '02.0.0',
      '2.0.0-',
      '2.0.0-01',
      '2.0.0+',
      ' 2.0.0',
      2,
      null,
    ]) {
      expect(modern({ v })).toBe(false);
    }
  });

  it('match when any value matches, and negated match missing attributes', () => {
    expect(matcher([condition('v', 'semverEq', ['1.0.0', '2.0.0'])])({ v: '2.0.0' })).toBe(true);
    expect(matcher([condition('v', 'semverLt', ['2.0.0'], true)])({})).toBe(true);
    expect(matcher([condition('v', 'semverLt', ['2.0.0'], true)])({ v: '1.9.9' })).toBe(false);
  });

  it('make a condition with an invalid version value match nothing and report it', () => {
    const reports: string[] = [];
    expect(
      matcher([condition('v', 'semverGt', ['latest'])], (m) => reports.push(m))({ v: '1.0.0' }),
    ).toBe(false);
    expect(reports[0]).toContain('"latest" is not a semantic version');
  });
});
