import {
  CartesianGrid,
  type DotItemDotProps,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Chart } from './series.ts';

// Recharts lives only in this module, which is loaded on demand (see LazyMetricChart.tsx), so
// the main bundle stays as it was for everyone who never opens a guardrails tab.

// Okabe–Ito: told apart by people with the common colour-vision deficiencies.
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];

export interface MetricChartProps {
  chart: Chart;
  /** The flag's variant keys, so a variant has the same colour in every chart. */
  variants: readonly string[];
  unit: '%' | 'ms' | '';
  /** The time range shown, in ms, whether or not it has points at its ends. */
  domain: [number, number];
  /** A limit to draw across the chart (a guardrail's), in the chart's unit. */
  limit?: number | null;
  /** A moment to mark (a trip), in ms. */
  markAt?: number;
}

const clock = (at: number) =>
  new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export default function MetricChart({
  chart,
  variants,
  unit,
  domain,
  limit,
  markAt,
}: MetricChartProps) {
  const colour = (variant: string) =>
    PALETTE[Math.max(0, variants.indexOf(variant)) % PALETTE.length] ?? '#000000';
  const suffix = unit === 'ms' ? ' ms' : unit;
  const format = (value: unknown) =>
    typeof value === 'number' ? `${Number(value.toFixed(2))}${suffix}` : '—';
  return (
    <LineChart
      responsive
      data={chart.rows}
      style={{ width: '100%', height: 220 }}
      // Room above a limit at the top of the range for its label.
      margin={{ top: typeof limit === 'number' ? 20 : 8, right: 16, bottom: 0, left: 0 }}
    >
      <CartesianGrid stroke="#d0d7de" strokeDasharray="3 3" />
      <XAxis
        dataKey="at"
        type="number"
        scale="time"
        domain={domain}
        ticks={evenTicks(domain, 5)}
        tickFormatter={clock}
      />
      <YAxis unit={unit} width={68} allowDecimals />
      <Tooltip labelFormatter={(at) => new Date(Number(at)).toLocaleString()} formatter={format} />
      <Legend />
      {chart.lines.map((line) => (
        <Line
          key={line.key}
          dataKey={line.key}
          name={line.key}
          stroke={colour(line.variant)}
          strokeWidth={2}
          strokeDasharray={line.dashed ? '6 3' : undefined}
          // Every point is drawn: a variant whose outcomes arrived in one step of many has one
          // point between gaps, which a line alone never shows (the chart looked empty).
          dot={pointDot(line.key, colour(line.variant))}
          connectNulls
          isAnimationActive={false}
        />
      ))}
      {typeof limit === 'number' && (
        <ReferenceLine
          y={limit}
          stroke="#b42318"
          strokeDasharray="4 4"
          className="limit"
          // Always in view, and its label above the line: below it, a low limit's label sat on
          // the time axis.
          ifOverflow="extendDomain"
          label={{
            value: `limit ${format(limit)}`,
            position: 'insideBottomRight',
            fill: '#b42318',
          }}
        />
      )}
      {markAt !== undefined && (
        <ReferenceLine
          x={markAt}
          stroke="#b42318"
          label={{ value: 'trip', position: 'insideTopLeft', fill: '#b42318' }}
        />
      )}
    </LineChart>
  );
}

/**
 * A point as a small dot that carries its line, time and value, so what is drawn can be checked
 * against the figures beside the chart. Rows where the line has no value draw nothing.
 */
function pointDot(line: string, fill: string) {
  return ({ cx, cy, index, value, payload }: DotItemDotProps) =>
    typeof value === 'number' && typeof cx === 'number' && typeof cy === 'number' ? (
      <circle
        key={index}
        cx={cx}
        cy={cy}
        r={2.5}
        fill={fill}
        data-line={line}
        data-at={(payload as { at: number }).at}
        data-value={value}
      />
    ) : (
      <g key={index} />
    );
}

/** `count` ticks spread evenly over the range, ends included, so a range with few points still has a time scale. */
function evenTicks([from, to]: [number, number], count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}
