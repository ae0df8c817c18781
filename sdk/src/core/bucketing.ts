import { murmur3Scratch, writeBytes, writeUtf8 } from './murmur3.ts';
import { BUCKET_COUNT } from './types.ts';

/** The bucket 0..99999 of a value for a salt: murmur3 32-bit (seed 0) of UTF-8 `${salt}.${value}`, modulo 100000. */
export function bucketOf(salt: string, value: string): number {
  const end = writeUtf8(value, writeUtf8('.', writeUtf8(salt, 0)));
  return murmur3Scratch(end, 0) % BUCKET_COUNT;
}

/** The same bucket as `bucketOf`, from the precomputed UTF-8 bytes of `${salt}.` (hot path). */
export function bucketWithPrefix(saltPrefix: Uint8Array, value: string): number {
  const end = writeUtf8(value, writeBytes(saltPrefix));
  return murmur3Scratch(end, 0) % BUCKET_COUNT;
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
