import type { GuardrailEvaluation, GuardrailMetric } from '@tripswitch/sdk/protocol';
import { formatFigure } from './describe.ts';

const verdicts = {
  healthy: 'healthy',
  insufficientSample: 'too few samples',
  breached: 'breached',
};

/** What each variant measured in a guardrail's window, treatments against their limit. */
export function FiguresTable({
  evaluation,
  metric,
  minimumSample,
  caption,
}: {
  evaluation: GuardrailEvaluation;
  metric: GuardrailMetric;
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
            <td>{verdicts[treatment.outcome]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
