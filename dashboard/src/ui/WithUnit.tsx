import type { ReactNode } from 'react';

/**
 * An input with its unit written after it ("25 %"), so a bare number is never mistaken for a
 * fraction or a weight. The unit is hidden from screen readers: the input's label names it.
 */
export function WithUnit({ unit, children }: { unit: string; children: ReactNode }) {
  return (
    <span className="with-unit">
      {children}
      <span className="unit" aria-hidden="true">
        {unit}
      </span>
    </span>
  );
}
