import { lazy, Suspense } from 'react';
import type { MetricChartProps } from './MetricChart.tsx';

const MetricChart = lazy(() => import('./MetricChart.tsx'));

/** A metric chart whose chart library is fetched the first time one is shown. */
export function LazyMetricChart({ title, ...props }: MetricChartProps & { title: string }) {
  return (
    <figure className="metric-chart">
      <figcaption>{title}</figcaption>
      <Suspense fallback={<p className="muted">Loading the chart…</p>}>
        {props.chart.rows.length === 0 ? (
          <p className="muted">No data in this range yet.</p>
        ) : (
          <MetricChart {...props} />
        )}
      </Suspense>
    </figure>
  );
}
