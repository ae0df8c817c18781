import type {
  CreateGuardrailBody,
  FieldError,
  Guardrail,
  GuardrailAction,
  GuardrailMetric,
  GuardrailThreshold,
  UpdateGuardrailBody,
} from '@tripswitch/sdk/protocol';
import { formatDuration, parseDuration } from '../ui/duration.ts';
import { isRate } from './describe.ts';

/**
 * A guardrail as the form holds it: text as typed, in units people use. Rates and relative
 * thresholds are percentages here and fractions on the wire; latencies are milliseconds in both.
 */
export interface GuardrailDraft {
  metric: GuardrailMetric;
  event: string;
  thresholdKind: GuardrailThreshold['kind'];
  threshold: string;
  minimumSample: string;
  window: string;
  /** Percent: "99" is 0.99. */
  confidence: string;
  action: GuardrailAction;
  /** Watch and record the would-be trip, never act. */
  shadow: boolean;
  /** Empty: the running rollout's control, else the off variation. */
  controlVariant: string;
  comment: string;
}

const asPercent = (fraction: number) => String(Number((fraction * 100).toFixed(4)));

/** Whether the threshold field takes a percentage (else milliseconds). */
export function thresholdInPercent(draft: Pick<GuardrailDraft, 'metric' | 'thresholdKind'>) {
  return draft.thresholdKind === 'relative' || isRate(draft.metric);
}

/** A new guardrail's defaults, or an existing one to edit. */
export function guardrailDraftOf(guardrail?: Guardrail): GuardrailDraft {
  if (!guardrail) {
    return {
      metric: 'errorRate',
      event: '',
      thresholdKind: 'absolute',
      threshold: '5',
      minimumSample: '200',
      window: '',
      confidence: '99',
      action: 'kill',
      shadow: false,
      controlVariant: '',
      comment: '',
    };
  }
  const { threshold } = guardrail;
  return {
    metric: guardrail.metric,
    event: guardrail.event ?? '',
    thresholdKind: threshold.kind,
    threshold: thresholdInPercent({ metric: guardrail.metric, thresholdKind: threshold.kind })
      ? asPercent(threshold.value)
      : String(threshold.value),
    minimumSample: String(guardrail.minimumSample),
    window: guardrail.windowSeconds === null ? '' : formatDuration(guardrail.windowSeconds),
    confidence: asPercent(guardrail.confidence),
    action: guardrail.action,
    shadow: guardrail.shadow,
    controlVariant: guardrail.controlVariant ?? '',
    comment: '',
  };
}

type Parsed<T> = { body: T; errors: [] } | { body: null; errors: FieldError[] };

/** The create body the draft describes, or field errors with the server's pointers. */
export function createBodyOf(draft: GuardrailDraft): Parsed<CreateGuardrailBody> {
  const read = readDraft(draft);
  if (!read.body) return read;
  const { controlVariant, ...rest } = read.body;
  return {
    body: { metric: draft.metric, ...rest, ...(controlVariant ? { controlVariant } : {}) },
    errors: [],
  };
}

/** The update body the draft describes (every editable field), or field errors. */
export function updateBodyOf(draft: GuardrailDraft): Parsed<UpdateGuardrailBody> {
  return readDraft(draft);
}

type Fields = Required<Omit<UpdateGuardrailBody, 'event' | 'comment'>> &
  Pick<UpdateGuardrailBody, 'event' | 'comment'>;

function readDraft(draft: GuardrailDraft): Parsed<Fields> {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });

  const inPercent = thresholdInPercent(draft);
  const threshold = readNumber(draft.threshold);
  if (threshold === null || threshold < 0) {
    fail('/threshold/value', inPercent ? 'must be a percentage' : 'must be milliseconds');
  } else if (draft.thresholdKind === 'absolute' && inPercent && threshold > 100) {
    fail('/threshold/value', 'a rate cannot be above 100%');
  }
  const minimumSample = readNumber(draft.minimumSample);
  if (minimumSample === null || !Number.isInteger(minimumSample) || minimumSample < 1) {
    fail('/minimumSample', 'must be a whole number of at least 1');
  }
  // Empty: no window, one sequence of evidence from arming (the default).
  const noWindow = draft.window.trim() === '';
  const windowSeconds = noWindow ? null : parseDuration(draft.window);
  if (!noWindow && (windowSeconds === null || windowSeconds < 1 || windowSeconds > 30 * 86_400)) {
    fail('/windowSeconds', 'must be empty or a duration such as 30m, 1h or 1d, at most 30d');
  }
  const confidence = readNumber(draft.confidence);
  if (confidence === null || confidence < 50 || confidence > 99.99) {
    fail('/confidence', 'must be a percentage between 50 and 99.99');
  }
  const event = draft.event.trim();
  if (draft.metric === 'eventRate' && event === '') fail('/event', 'name the event to watch');
  if (
    threshold === null ||
    minimumSample === null ||
    (!noWindow && windowSeconds === null) ||
    confidence === null ||
    errors.length > 0
  ) {
    return { body: null, errors };
  }
  return {
    body: {
      ...(draft.metric === 'eventRate' ? { event } : {}),
      threshold: { kind: draft.thresholdKind, value: inPercent ? fraction(threshold) : threshold },
      minimumSample,
      windowSeconds,
      confidence: fraction(confidence),
      action: draft.action,
      shadow: draft.shadow,
      controlVariant: draft.controlVariant || null,
      ...(draft.comment.trim() ? { comment: draft.comment.trim() } : {}),
    },
    errors: [],
  };
}

// Rounded so 5.1% is sent as 0.051, not 0.050999999999999997.
const fraction = (percent: number) => Number((percent / 100).toFixed(8));

function readNumber(text: string): number | null {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() === '' || !Number.isFinite(value) ? null : value;
}
