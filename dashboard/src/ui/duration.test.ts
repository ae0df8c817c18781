import { describe, expect, it } from 'vitest';
import { formatDuration, formatElapsed, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days, alone or combined, with or without spaces', () => {
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('10m')).toBe(600);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration(' 1h 30m ')).toBe(5400);
    expect(parseDuration('2D')).toBe(172_800);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('0')).toBe(0);
  });

  it('refuses text that is not a duration rather than guessing', () => {
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('soon')).toBeNull();
    expect(parseDuration('10 minutes')).toBeNull();
    expect(parseDuration('-5m')).toBeNull();
    expect(parseDuration('5m later')).toBeNull();
  });
});

describe('formatDuration', () => {
  it('writes the largest units first and leaves zeros out', () => {
    expect(formatDuration(5400)).toBe('1h 30m');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(86_400 + 3 * 3600)).toBe('1d 3h');
    expect(formatDuration(0)).toBe('0s');
  });

  it('reads back as the same number of seconds', () => {
    for (const seconds of [1, 59, 61, 3599, 3661, 90_061]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
  });
});

describe('formatElapsed', () => {
  it('keeps the two largest units', () => {
    expect(formatElapsed(3661)).toBe('1h 1m');
    expect(formatElapsed(12)).toBe('12s');
  });
});
