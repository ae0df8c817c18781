import type { Segment, SegmentRules } from '@tripswitch/sdk/protocol';
import { cleanCondition, nonBlank } from '../targeting/configDraft.ts';

export interface SegmentDraft {
  key: string;
  name: string;
  description: string;
  rules: SegmentRules;
}

export const emptySegment = (): SegmentDraft => ({
  key: '',
  name: '',
  description: '',
  rules: { included: [], excluded: [], conditions: [] },
});

export const segmentToDraft = (segment: Segment): SegmentDraft => ({
  key: segment.key,
  name: segment.name,
  description: segment.description,
  rules: segment.rules,
});

/** Segment rules ready to save, cleaned like a flag's targets and conditions. */
export function cleanRules(rules: SegmentRules): SegmentRules {
  return {
    included: nonBlank(rules.included),
    excluded: nonBlank(rules.excluded),
    conditions: rules.conditions.map(cleanCondition),
  };
}
