import { rememberLast } from './memo.ts';

// Semantic Versioning 2.0.0 (https://semver.org): parsing and precedence, including pre-release
// identifiers; build metadata is ignored for precedence. Strict: no leading "v", no missing parts.

/** A parsed version: numeric core and pre-release identifiers (kept as text: they may exceed 2^53). */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly string[];
}

const NUMBER = '0|[1-9]\\d*';
const IDENT = `${NUMBER}|\\d*[a-zA-Z-][0-9a-zA-Z-]*`;
const SEMVER = new RegExp(
  `^(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})(?:-((?:${IDENT})(?:\\.(?:${IDENT}))*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);

/** Parses a semver 2.0 string; undefined when it is not one. */
export function parseSemVer(text: unknown): SemVer | undefined {
  return typeof text === 'string' && text.length <= 256 ? parseText(text) : undefined;
}

const parseText = rememberLast((text: string): SemVer | undefined => {
  const match = SEMVER.exec(text);
  if (match === null) return undefined;
  const [, major, minor, patch, prerelease] = match;
  const parts = [Number(major), Number(minor), Number(patch)];
  if (!parts.every(Number.isSafeInteger)) return undefined;
  return {
    major: parts[0] as number,
    minor: parts[1] as number,
    patch: parts[2] as number,
    prerelease: prerelease === undefined ? [] : prerelease.split('.'),
  };
});

/** Semver precedence: negative when a < b, 0 when equal (build metadata ignored), positive when a > b. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  // A version without pre-release ranks above the same version with one.
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return b.prerelease.length - a.prerelease.length;
  }
  const shared = Math.min(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < shared; i++) {
    const order = compareIdentifiers(a.prerelease[i] as string, b.prerelease[i] as string);
    if (order !== 0) return order;
  }
  return a.prerelease.length - b.prerelease.length;
}

function compareIdentifiers(a: string, b: string): number {
  // Numeric identifiers compare numerically (no leading zeros, so by length then digits) and rank
  // below alphanumeric ones, which compare in ASCII order.
  const aNumeric = DIGITS.test(a);
  const bNumeric = DIGITS.test(b);
  if (aNumeric && bNumeric) return a.length - b.length || compareText(a, b);
  if (aNumeric) return -1;
  if (bNumeric) return 1;
  return compareText(a, b);
}

const DIGITS = /^\d+$/;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
