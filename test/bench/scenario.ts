// The benchmark scenario, identical for every engine: one boolean flag whose rule
// (country in [NO, SE] AND plan in [pro, team]) serves a 50/50 rollout; everyone else gets off.

/** One evaluation subject, before each engine shapes it into its own context type. */
export interface Subject {
  readonly key: string;
  readonly country: string;
  readonly plan: string;
}

const COUNTRIES = ['NO', 'SE', 'NO', 'SE', 'DK'];
const PLANS = ['pro', 'team', 'pro', 'team', 'free'];

/** `count` distinct subjects; 64% match the rule (4/5 countries times 4/5 plans). */
export function subjects(count: number): Subject[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `user-${i}`,
    country: COUNTRIES[i % 5] as string,
    // Offset by 7 (coprime with 5) so country and plan vary independently.
    plan: PLANS[Math.floor(i / 7) % 5] as string,
  }));
}

/** Whether a subject matches the rule, i.e. should be in the 50/50 rollout. */
export function inRollout(subject: Subject): boolean {
  return (
    (subject.country === 'NO' || subject.country === 'SE') &&
    (subject.plan === 'pro' || subject.plan === 'team')
  );
}

export const RULE = {
  countries: ['NO', 'SE'],
  plans: ['pro', 'team'],
} as const;
