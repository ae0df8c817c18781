import { type HashPrefix, hashAfter, hashPrefix } from './murmur3.ts';
import { BUCKET_COUNT } from './types.ts';

/** The bucket 0..99999 of a value for a salt: murmur3 32-bit (seed 0) of UTF-8 `${salt}.${value}`, modulo 100000. */
export function bucketOf(salt: string, value: string): number {
  return bucketAfter(saltPrefix(salt), value);
}

/** The hash state of `${salt}.`, computed once per flag. */
export function saltPrefix(salt: string): HashPrefix {
  return hashPrefix(`${salt}.`);
}

/** The bucket of `value` after a flag's salt prefix (hot path). */
export function bucketAfter(prefix: HashPrefix, value: string): number {
  return hashAfter(prefix, value) % BUCKET_COUNT;
}

/**
 * The text a context value is keyed and bucketed by: a non-empty string as it is, a finite number
 * in its canonical JavaScript form (`String(n)`); anything else has none.
 */
export function keyText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw === '' ? undefined : raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}
