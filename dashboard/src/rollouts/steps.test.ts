import { describe, expect, it } from 'vitest';
import { DEFAULT_STEPS, parseSteps } from './steps.ts';

describe('parseSteps', () => {
  it('turns the default steps into shares in 0.001% units and holds in seconds', () => {
    expect(parseSteps(DEFAULT_STEPS)).toEqual({
      steps: [
        { share: 1000, holdSeconds: 1800 },
        { share: 5000, holdSeconds: 1800 },
        { share: 25000, holdSeconds: 1800 },
        { share: 50000, holdSeconds: 1800 },
        { share: 100000, holdSeconds: 1800 },
      ],
      errors: [],
    });
  });

  it('accepts fractions of a percent and a comma as the decimal mark', () => {
    const parsed = parseSteps([
      { share: '0,5', hold: '10s' },
      { share: '100', hold: '0' },
    ]);
    expect(parsed.steps).toEqual([
      { share: 500, holdSeconds: 10 },
      { share: 100000, holdSeconds: 0 },
    ]);
  });

  it('names each bad field with the pointer the server would use', () => {
    const parsed = parseSteps([
      { share: '5', hold: 'later' },
      { share: '5', hold: '1h' },
      { share: '120', hold: '1h' },
    ]);
    expect(parsed.steps).toBeNull();
    expect(parsed.errors).toEqual([
      { field: '/steps/0/holdSeconds', message: expect.stringContaining('duration') },
      { field: '/steps/1/share', message: 'must be larger than the step before' },
      { field: '/steps/2/share', message: expect.stringContaining('at most 100') },
    ]);
  });

  it('asks for a last step of 100%, and for at least one step', () => {
    expect(parseSteps([{ share: '50', hold: '1m' }]).errors).toEqual([
      { field: '/steps/0/share', message: 'the last step must be 100% (everyone)' },
    ]);
    expect(parseSteps([]).errors).toEqual([
      { field: '/steps', message: 'needs at least one step' },
    ]);
  });
});
