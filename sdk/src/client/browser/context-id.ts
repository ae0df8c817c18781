import { murmur3 } from '../../core/murmur3.ts';
import type { EvaluationContext } from '../../protocol/evaluation.ts';

/** Throws unless `context` is an object JSON can hold, as the evaluate endpoint takes it. */
export function checkContext(context: unknown, caller: string): EvaluationContext {
  const plain =
    typeof context === 'object' && context !== null && !Array.isArray(context) && stable(context);
  if (!plain) {
    throw new TypeError(
      `${caller}: context must be an object of attributes JSON can hold, e.g. { key: 'user-1' }`,
    );
  }
  return { ...context } as EvaluationContext;
}

/**
 * Who a browser client's results are for: a 64-bit hash (hex) of the server, the token and the
 * context with its attributes in a stable order. Results are kept and persisted under it; a hash,
 * so persisted keys never spell out a user's attributes.
 */
export function contextId(url: string, sdkKey: string, context: EvaluationContext): string {
  const bytes = new TextEncoder().encode(`${url}\n${sdkKey}\n${stable(context)}`);
  const hex = (seed: number) => murmur3(bytes, bytes.length, seed).toString(16).padStart(8, '0');
  return hex(0) + hex(0x9747b28c);
}

// Attributes sorted, so equal contexts built in another order are the same context.
function stable(context: object): string | undefined {
  try {
    const sorted = Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(Object.fromEntries(sorted));
  } catch {
    // A cycle or a BigInt: the server could not read it either.
    return undefined;
  }
}
