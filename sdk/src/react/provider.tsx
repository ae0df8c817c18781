import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { isBrowserClient, type TripswitchClient } from '../client/types.ts';
import type { EvaluationContext } from '../protocol/evaluation.ts';

interface Binding {
  client: TripswitchClient;
  context: EvaluationContext;
}

const TripswitchContext = createContext<Binding | null>(null);

/** Props of TripswitchProvider: the client to read flags from, and who is being evaluated. */
export interface TripswitchProviderProps {
  client: TripswitchClient;
  /**
   * The evaluation context for every hook below; an equal object passed anew re-renders nothing.
   * A browser client is identified with it (its results are fetched); without it, it keeps its own.
   */
  context?: EvaluationContext;
  children?: ReactNode;
}

const NO_CONTEXT: EvaluationContext = {};

/** Makes a client and an evaluation context available to the Tripswitch hooks below it. */
export function TripswitchProvider({
  client,
  context = NO_CONTEXT,
  children,
}: TripswitchProviderProps) {
  // Applications often pass a fresh but equal object each render: keep the first one, so hooks
  // re-evaluate only when the context really changed.
  const [stable, setStable] = useState(context);
  const current = sameContext(stable, context) ? stable : context;
  if (current !== stable) setStable(current);
  const binding = useMemo(() => ({ client, context: current }), [client, current]);
  // A browser client serves one context at a time: a new one is fetched, and the hooks re-render
  // through the change events once its results arrive.
  useEffect(() => {
    if (current !== NO_CONTEXT && isBrowserClient(client)) void client.identify(current);
  }, [client, current]);
  return <TripswitchContext.Provider value={binding}>{children}</TripswitchContext.Provider>;
}

/** The client and context of the nearest TripswitchProvider. */
export function useTripswitchBinding(): Binding {
  const binding = useContext(TripswitchContext);
  if (!binding) throw new Error('Tripswitch hooks must be used inside a <TripswitchProvider>');
  return binding;
}

function sameContext(a: EvaluationContext, b: EvaluationContext): boolean {
  if (a === b) return true;
  const left = serialized(a);
  return left !== undefined && left === serialized(b);
}

function serialized(context: EvaluationContext): string | undefined {
  try {
    return JSON.stringify(context);
  } catch {
    // A context JSON cannot hold (a cycle, a BigInt) is compared by identity instead.
    return undefined;
  }
}
