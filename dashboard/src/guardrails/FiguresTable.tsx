import type { GuardrailEvaluation, GuardrailMetric } from '@tripswitch/sdk/protocol';
import { formatFigure, formatPercent } from './describe.ts';

const verdicts = {
  healthy: 'healthy',
  insufficientSample: 'too few samples',
  breached: 'breached',
};

/** Evidence for people: three significant figures, powers of ten past a million. */
function formatEvidence(value: number | null): string {
  if (value === null) return '—';
  return value >= 1e6 ? value.toExponential(1) : String(Number(value.toPrecision(3)));
}

/**
 * What each variant measured since the guardrail's evidence began, treatments against their
 * limit: the sequential test's evidence against the threshold a trip needs, and the lower bound.
 */
export function FiguresTable({
  evaluation,
  metric,
  relative,
  minimumSample,
  caption,
}: {
  evaluation: GuardrailEvaluation;
  metric: GuardrailMetric;
  /** Judged against the control (the bound is then a ratio to it). */
  relative: boolean;
  minimumSample: number;
  caption: string;
}) {
  const { control, treatments } = evaluation;
  if (!control && treatments.length === 0) return null;
  return (
    <table className="figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col">Sample</th>
          <th scope="col">Measured</th>
          <th scope="col">Limit</th>
          <th scope="col">Evidence (trips at {formatEvidence(evaluation.threshold)})</th>
          <th scope="col">Lower bound</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {control && (
          <tr>
            <th scope="row">{control.variant} (control)</th>
            <td>
              {control.sample} of {minimumSample}
            </td>
            <td>{formatFigure(metric, control.value)}</td>
            <td>—</td>
            <td>—</td>
            <td>—</td>
            <td>—</td>
          </tr>
        )}
        {treatments.map((treatment) => (
          <tr key={treatment.variant} className={`verdict-${treatment.outcome}`}>
            <th scope="row">{treatment.variant}</th>
            <td>
              {treatment.sample} of {minimumSample}
            </td>
            <td>{formatFigure(metric, treatment.value)}</td>
            <td>{formatFigure(metric, treatment.limit)}</td>
            <td>{formatEvidence(treatment.evidence)}</td>
            <td>{formatBound(metric, relative, treatment.bound)}</td>
            <td>{verdicts[treatment.outcome]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The bound in the unit the test bounds: a rate, a share of slow calls, or a ratio to control. */
function formatBound(metric: GuardrailMetric, relative: boolean, bound: number | null): string {
  if (bound === null) return '—';
  if (relative && metric !== 'errorRate' && metric !== 'eventRate') {
    return `${formatEvidence(bound)}x control's slow share`;
  }
  if (relative) return `${formatEvidence(bound)}x control`;
  if (metric === 'errorRate' || metric === 'eventRate') return formatPercent(bound);
  return `${formatPercent(bound)} of calls above the limit`;
}
