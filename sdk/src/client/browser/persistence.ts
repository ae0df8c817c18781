import type { SnapshotStorage } from '../persistence.ts';
import type { ContextResults } from './evaluations.ts';

/**
 * Where a browser client keeps the last results it served for each context (as JSON text), so a
 * reload during an outage still serves them, and never to another context.
 */
export interface EvaluationStorage {
  /** The results saved for this context (a hash of it), or undefined. */
  load(contextId: string): Promise<string | undefined>;
  save(contextId: string, results: string): Promise<void>;
}

/**
 * Keeps results in the browser's localStorage, one entry per context under `prefix` + a hash of
 * the context, for the last `maxContexts` contexts served (default 5): older ones are removed.
 */
export function localStorageEvaluations(
  prefix = 'tripswitch:results:',
  maxContexts = 5,
): EvaluationStorage {
  const indexKey = `${prefix}contexts`;
  const recent = (): string[] => {
    try {
      const saved: unknown = JSON.parse(globalThis.localStorage.getItem(indexKey) ?? '[]');
      return Array.isArray(saved) ? saved.filter((id) => typeof id === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    load: async (contextId) => globalThis.localStorage.getItem(prefix + contextId) ?? undefined,
    async save(contextId, results) {
      const kept = [contextId, ...recent().filter((id) => id !== contextId)];
      for (const old of kept.splice(Math.max(1, maxContexts))) {
        globalThis.localStorage.removeItem(prefix + old);
      }
      globalThis.localStorage.setItem(prefix + contextId, results);
      globalThis.localStorage.setItem(indexKey, JSON.stringify(kept));
    },
  };
}

/**
 * The client's persistence as the feed uses it: what is loaded at start is the first context's,
 * and what is saved goes under the context it was evaluated for (written in the results).
 */
export function persistenceFor(storage: EvaluationStorage, contextId: string): SnapshotStorage {
  return {
    load: () => storage.load(contextId),
    save: (text) => storage.save((JSON.parse(text) as ContextResults).context, text),
  };
}
