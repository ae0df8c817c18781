import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ProblemBanner } from './ProblemBanner.tsx';

/** Renders a query's loading and error states, and its data through `children` once loaded. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <p className="muted">Loading…</p>;
  if (query.isError) return <ProblemBanner error={query.error} />;
  return children(query.data);
}
