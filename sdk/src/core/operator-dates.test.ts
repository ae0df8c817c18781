import { describe, expect, it } from 'vitest';
import { condition, matcher } from './factories.ts';

const launch = '2026-03-01T12:00:00Z';
const launchMillis = Date.UTC(2026, 2, 1, 12);

describe('before and after', () => {
  it('compare ISO 8601 instants', () => {
    expect(
      matcher([condition('signup', 'before', [launch])])({ signup: '2026-03-01T11:59:59.999Z' }),
    ).toBe(true);
    expect(matcher([condition('signup', 'before', [launch])])({ signup: launch })).toBe(false);
    expect(
      matcher([condition('signup', 'after', [launch])])({ signup: '2026-03-01T12:00:00.001Z' }),
    ).toBe(true);
  });

  it('accept epoch milliseconds and Date objects in the context, and epoch milliseconds as values', () => {
    expect(matcher([condition('signup', 'before', [launch])])({ signup: launchMillis - 1 })).toBe(
      true,
    );
    expect(
      matcher([condition('signup', 'after', [launchMillis])])({
        signup: new Date(launchMillis + 1),
      }),
    ).toBe(true);
    expect(
      matcher([condition('signup', 'after', [launchMillis])])({ signup: new Date(Number.NaN) }),
    ).toBe(false);
  });

  it('apply offsets, and read a time without an offset, or a bare date, as UTC', () => {
    const early = matcher([condition('t', 'before', [launch])]);
    expect(early({ t: '2026-03-01T13:59:00+02:00' })).toBe(true);
    expect(early({ t: '2026-03-01T06:59:00-05:00' })).toBe(true);
    expect(early({ t: '2026-03-01T07:30:00-05:00' })).toBe(false);
    expect(early({ t: '2026-03-01T12:00:00' })).toBe(false);
    expect(early({ t: '2026-03-01' })).toBe(true);
    expect(
      matcher([condition('t', 'after', ['2026-02-28'])])({ t: '2026-02-28T00:00:00.001Z' }),
    ).toBe(true);
  });

  it('handle years before 100 and leap days exactly', () => {
    expect(
      matcher([condition('t', 'before', ['0099-12-31T23:59:59Z'])])({ t: '0099-12-31T23:59:58Z' }),
    ).toBe(true);
    expect(matcher([condition('t', 'after', ['2024-02-28'])])({ t: '2024-02-29' })).toBe(true);
    expect(matcher([condition('t', 'after', ['2000-01-01'])])({ t: '2023-02-29' })).toBe(false);
  });

  it('do not match strings that are not ISO 8601 dates, nor numeric strings', () => {
    const recent = matcher([condition('t', 'after', ['2000-01-01'])]);
    for (const t of [
      'March 1, 2026',
      '2026-13-01',
      '2026-03-01T25:00:00Z',
      '1767225600000',
      '',
      true,
    ]) {
      expect(recent({ t })).toBe(false);
    }
  });

  it('match missing attributes when negated', () => {
    expect(matcher([condition('t', 'after', [launch], true)])({})).toBe(true);
    expect(matcher([condition('t', 'after', [launch], true)])({ t: '2030-01-01' })).toBe(false);
  });

  it('make a condition with an invalid date value match nothing and report it', () => {
    const reports: string[] = [];
    expect(
      matcher([condition('t', 'before', ['tomorrow'], true)], (m) => reports.push(m))({}),
    ).toBe(false);
    expect(reports[0]).toContain('"tomorrow" is not an ISO 8601 date or epoch milliseconds');
  });
});
