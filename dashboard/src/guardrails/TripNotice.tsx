import { useQuery } from '@tanstack/react-query';
import type { Flag, Guardrail, GuardrailTrip } from '@tripswitch/sdk/protocol';
import { metricsQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { LazyMetricChart } from '../metrics/LazyMetricChart.tsx';
import { buildChart, guardrailMeasure } from '../metrics/series.ts';
import { ProblemBanner } from '../ui/ProblemBanner.tsx';
import { describeGuardrail, isRate } from './describe.ts';
import { FiguresTable } from './FiguresTable.tsx';
import { useGuardrailChange } from './useGuardrailChange.ts';

const REFRESH_MS = 5000;

/**
 * A tripped guardrail, shown above everything else: what it did and when, the figures that
 * tripped it, and the chart of its metric around the trip. It stays until a person re-arms it.
 */
export function TripNotice({ guardrail, flag }: { guardrail: Guardrail; flag: Flag }) {
  const change = useGuardrailChange(guardrail);
  const { trip } = guardrail;
  if (!trip) return null;
  const name = describeGuardrail(guardrail);
  const did =
    trip.action === 'kill'
      ? `turned ${flag.key} off`
      : `reverted ${flag.key} to its configuration before the rollout`;
  return (
    <section className="banner danger stack trip" aria-label={`Trip of ${name}`}>
      <div role="alert">
        <h3>
          Tripped: {name}. The guardrail {did} at{' '}
          <time dateTime={trip.at}>{new Date(trip.at).toLocaleString()}</time>
          {trip.version !== null && ` (version ${trip.version})`}.
        </h3>
      </div>
      <p>{trip.evaluation.summary}</p>
      <FiguresTable
        evaluation={trip.evaluation}
        metric={guardrail.metric}
        relative={guardrail.threshold.kind === 'relative'}
        minimumSample={guardrail.minimumSample}
        caption="Measured at the trip"
      />
      <TripChart guardrail={guardrail} trip={trip} flag={flag} />
      <ProblemBanner error={change.error} />
      <div className="actions">
        <button type="button" onClick={change.rearm} disabled={change.pending}>
          Re-arm {name}
        </button>
      </div>
    </section>
  );
}

/**
 * The guardrail's metric from three windows before the trip to one window after it, so the trip
 * sits inside the chart; while that end is still ahead, the chart keeps filling in.
 */
function TripChart({
  guardrail,
  trip,
  flag,
}: {
  guardrail: Guardrail;
  trip: GuardrailTrip;
  flag: Flag;
}) {
  const admin = useAdmin();
  const at = Date.parse(trip.at);
  // The evidence the trip rested on, and as much again after it (at least five minutes each).
  const windowMs = Math.max(5 * 60_000, (at - Date.parse(trip.evaluation.from)) / 3);
  const range = {
    from: new Date(at - 3 * windowMs).toISOString(),
    to: new Date(at + windowMs).toISOString(),
  };
  const metrics = useQuery({
    ...metricsQuery(admin, guardrail.environment, flag.key, range),
    refetchInterval: () => (at + windowMs > Date.now() ? REFRESH_MS : false),
  });
  if (!metrics.data) return <ProblemBanner error={metrics.error} />;
  const breached = trip.evaluation.treatments.find((t) => t.outcome === 'breached');
  const limit = breached?.limit ?? null;
  const rate = isRate(guardrail.metric);
  return (
    <LazyMetricChart
      title={`${describeGuardrail(guardrail)}: per variant around the trip`}
      chart={buildChart(metrics.data, [guardrailMeasure(guardrail.metric, guardrail.event)])}
      variants={flag.variants.map((variant) => variant.key)}
      unit={rate ? '%' : 'ms'}
      domain={[Date.parse(metrics.data.from), Date.parse(metrics.data.to)]}
      limit={limit === null ? null : rate ? limit * 100 : limit}
      markAt={at}
    />
  );
}
