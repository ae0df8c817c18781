import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenKind } from '@tripswitch/sdk/protocol';

const PREFIXES: Record<TokenKind, string> = { admin: 'tsa_', server: 'tss_', client: 'tsc_' };

/** How many characters of a secret are kept to recognise it in lists. */
export const DISPLAY_PREFIX_LENGTH = 12;

/** A new secret: the kind's prefix and 32 random bytes in base64url. */
export function newSecret(kind: TokenKind): string {
  return PREFIXES[kind] + randomBytes(32).toString('base64url');
}

/** SHA-256 in hex: what is stored and looked up; the secret itself never is. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
