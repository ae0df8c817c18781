import { useQuery } from '@tanstack/react-query';
import type { Flag } from '@tripswitch/sdk/protocol';
import { useState } from 'react';
import { metricsQuery } from '../api/queries.ts';
import { useAdmin } from '../auth/AuthProvider.tsx';
import { formatPercent } from '../guardrails/describe.ts';
import { QueryState } from '../ui/QueryState.tsx';
import { LazyMetricChart } from './LazyMetricChart.tsx';
import { buildChart, measures, RANGES, variantTotals } from './series.ts';

const REFRESH_MS = 5000;

/** Error rate, latency and evaluations per variant over a chosen range, refreshed while open. */
export function MetricsPanel({ flag, environment }: { flag: Flag; environment: string }) {
  const admin = useAdmin();
  const [seconds, setSeconds] = useState<number>(RANGES[1].seconds);
  const metrics = useQuery({
    ...metricsQuery(admin, environment, flag.key, { seconds }),
    refetchInterval: REFRESH_MS,
  });
  const variants = flag.variants.map((variant) => variant.key);
  return (
    <section className="card stack" aria-labelledby="metrics-title">
      <div className="spread">
        <h3 id="metrics-title">Metrics per variant</h3>
        <label className="inline">
          Range{' '}
          <select value={seconds} onChange={(event) => setSeconds(Number(event.target.value))}>
            {RANGES.map((range) => (
              <option key={range.seconds} value={range.seconds}>
                {range.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryState query={metrics}>
        {(series) => {
          const domain: [number, number] = [Date.parse(series.from), Date.parse(series.to)];
          const common = { variants, domain };
          return (
            <>
              <div className="chart-grid">
                <LazyMetricChart
                  title="Error rate"
                  chart={buildChart(series, measures.errorRate)}
                  unit="%"
                  {...common}
                />
                <LazyMetricChart
                  title="Latency p95 and p99 (dashed)"
                  chart={buildChart(series, measures.latency)}
                  unit="ms"
                  {...common}
                />
                <LazyMetricChart
                  title={`Evaluations per ${series.stepSeconds}s`}
                  chart={buildChart(series, measures.evaluations)}
                  unit=""
                  {...common}
                />
              </div>
              {series.variants.length > 0 && (
                <table className="figures">
                  <caption>Over the range</caption>
                  <thead>
                    <tr>
                      <th scope="col">Variant</th>
                      <th scope="col">Evaluations</th>
                      <th scope="col">Outcomes</th>
                      <th scope="col">Errors</th>
                      <th scope="col">Error rate</th>
                    </tr>
                  </thead>
                  <tbody>
                    {variantTotals(series).map((totals) => (
                      <tr key={totals.variant}>
                        <th scope="row">{totals.variant}</th>
                        <td>{totals.evaluations.toLocaleString()}</td>
                        <td>{totals.outcomes.toLocaleString()}</td>
                        <td>{totals.errors.toLocaleString()}</td>
                        <td>{totals.errorRate === null ? '—' : formatPercent(totals.errorRate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
