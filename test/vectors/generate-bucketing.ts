// Golden bucketing vectors: (salt, value) -> murmur3 hash and bucket. Every Tripswitch SDK, in
// any language, must reproduce them. Generated once by `pnpm --filter @tripswitch/test vectors`
// and then frozen: regenerating must leave the file unchanged (the murmur3 itself is checked
// against published reference values in sdk/src/core/murmur3.test.ts).
import { bucketOf } from '@tripswitch/sdk';
import { murmur3 } from '../../sdk/src/core/murmur3.ts';

export interface BucketingCase {
  salt: string;
  value: string;
  /** murmur3 x86 32-bit, seed 0, of the UTF-8 bytes of `${salt}.${value}`. */
  hash: number;
  /** hash % 100000 */
  bucket: number;
}

const utf8 = new TextEncoder();

function vector(salt: string, value: string): BucketingCase {
  const bytes = utf8.encode(`${salt}.${value}`);
  const hash = murmur3(bytes, bytes.length, 0);
  const bucket = bucketOf(salt, value);
  if (bucket !== hash % 100000)
    throw new Error(`bucketOf disagrees with murmur3 for ${salt}.${value}`);
  return { salt, value, hash, bucket };
}

/** Deterministic pseudo-random keys (mulberry32) so the file is reproducible. */
function* pseudoRandomKeys(seed: number, count: number): Generator<string> {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  for (let i = 0; i < count; i++) {
    yield [next(), next(), next(), next()].map((n) => n.toString(16).padStart(8, '0')).join('-');
  }
}

export function bucketingVectors(): BucketingCase[] {
  const cases: BucketingCase[] = [];
  const salts = ['checkout-salt', 'a', '', 'Ωmega-😀', 'x'.repeat(64)];
  const special = [
    '',
    ' ',
    'user-1',
    'USER-1',
    '0',
    '7',
    '42',
    '-1',
    '1.5',
    '1e+21',
    '00123',
    'ä',
    'ünïcödé',
    'Ελληνικά',
    'русский',
    '中文用户',
    '日本語のキー',
    '한국어',
    'العربية',
    'עברית',
    'हिन्दी',
    '😀',
    '👩‍👩‍👧‍👦',
    '🇳🇴',
    'e\u0301',
    '\u00e9',
    'tab\tnewline\n',
    'quote"backslash\\',
    'a.b.c',
    'user@example.com',
    'x'.repeat(1000),
    'ab'.repeat(2049),
    '😀'.repeat(300),
  ];
  for (const salt of salts) for (const value of special) cases.push(vector(salt, value));
  // Every tail length of the murmur3 block loop (input length mod 4), for several lengths.
  for (let length = 0; length < 24; length++) cases.push(vector('tail', 'k'.repeat(length)));
  for (const key of pseudoRandomKeys(2026, 60)) cases.push(vector('random-salt', key));
  return cases;
}
