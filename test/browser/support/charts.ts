import type { Locator } from 'playwright-core';

/** One point a chart drew: its line, its time, the value it claims, and the value its position shows. */
export interface PlottedPoint {
  line: string;
  at: number;
  /** The value the point carries (data-value). */
  value: number;
  /** The value read back from where the point is drawn, against the y axis's own tick labels. */
  drawn: number;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** What a chart drew, read from its SVG: points, limit line and the boxes of axes and labels. */
export interface DrawnChart {
  points: PlottedPoint[];
  /** The limit line's value read back from its position, if one is drawn. */
  limit: number | null;
  limitLabel: Box | null;
  /** Tick labels and axis lines of both axes. */
  axes: Box[];
}

/**
 * Reads a chart figure the way a person sees it: every point's position is turned back into a
 * value through two of the y axis's tick labels ("0%", "20%"), so a point drawn in the wrong unit
 * or at the wrong height does not match the figure it claims.
 */
export function readChart(figure: Locator): Promise<DrawnChart> {
  return figure.evaluate((element) => {
    const box = (node: Element) => {
      const { left, right, top, bottom } = node.getBoundingClientRect();
      return { left, right, top, bottom };
    };
    // Tick lines and tick labels are drawn in separate groups, in the same order.
    const labels = [...element.querySelectorAll('.recharts-yAxis-tick-labels text')];
    const lines = [...element.querySelectorAll('.recharts-yAxis-tick-lines line')];
    const ticks = lines
      .map((line, i) => ({
        value: Number.parseFloat(labels[i]?.textContent ?? ''),
        y: Number(line.getAttribute('y1')),
      }))
      .filter((tick) => Number.isFinite(tick.value) && Number.isFinite(tick.y));
    const low = ticks[0];
    const high = ticks.at(-1);
    const toValue = (y: number) =>
      low && high && high.y !== low.y
        ? low.value + ((y - low.y) * (high.value - low.value)) / (high.y - low.y)
        : Number.NaN;
    const points = [...element.querySelectorAll('circle[data-line]')].map((dot) => ({
      line: dot.getAttribute('data-line') ?? '',
      at: Number(dot.getAttribute('data-at')),
      value: Number(dot.getAttribute('data-value')),
      drawn: toValue(Number(dot.getAttribute('cy'))),
    }));
    const limitLine = element.querySelector('.recharts-reference-line.limit line');
    // Labels are drawn in a layer of their own, away from their line.
    const limitLabel = [...element.querySelectorAll('text')].find((text) =>
      text.textContent?.startsWith('limit '),
    );
    const axes = [
      ...element.querySelectorAll(
        '.recharts-cartesian-axis-tick-value, .recharts-cartesian-axis-line',
      ),
    ].map(box);
    return {
      points,
      limit: limitLine ? toValue(Number(limitLine.getAttribute('y1'))) : null,
      limitLabel: limitLabel ? box(limitLabel) : null,
      axes,
    };
  });
}

/** True when two boxes share any area. */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** "19.92%" as 19.92. */
export function percentFigure(text: string | null): number {
  return Number.parseFloat((text ?? '').replace('%', ''));
}
