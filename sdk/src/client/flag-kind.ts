import type { FlagKind } from '../protocol/flag-config.ts';

/** The flag kind a caller's default value asks for: its typeof, or json for anything else. */
export function kindOf(value: unknown): FlagKind {
  const type = typeof value;
  return type === 'boolean' || type === 'string' || type === 'number' ? type : 'json';
}
