import { describe, expect, it } from 'vitest';
import { bucketOf } from './bucketing.ts';
import { seededRandom } from './factories.ts';
import { encodeUtf8, murmur3 } from './murmur3.ts';

const utf8 = new TextEncoder();
const hashOf = (text: string, seed: number) => {
  const bytes = utf8.encode(text);
  return murmur3(bytes, bytes.length, seed);
};

describe('murmur3 x86 32-bit', () => {
  // Published reference values of MurmurHash3_x86_32 (the widely cited test vectors for ports,
  // checked against the reference C++ implementation), so our vectors are not self-referential.
  const published: [string, number, number][] = [
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['aaa', 0x9747b28c, 0x283e0130],
    ['aa', 0x9747b28c, 0x5d211726],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['abc', 0x9747b28c, 0xc84a62dd],
    ['ab', 0x9747b28c, 0x74875592],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
    ['a'.repeat(256), 0x9747b28c, 0x37405bdc],
    ['abc', 0, 0xb3dd93fa],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', 0, 0xee925b90],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ];

  it.each(published)('hashes %j with seed %i to the published value', (text, seed, expected) => {
    expect(hashOf(text, seed)).toBe(expected);
  });

  it("passes SMHasher's verification test (0xB0F57EE3)", () => {
    // Hash keys [0], [0, 1], ... [0..254] with seeds 256 - length, then hash the concatenated
    // little-endian results with seed 0: SMHasher's published check for this hash.
    const key = Uint8Array.from({ length: 256 }, (_, i) => i);
    const hashes = new DataView(new ArrayBuffer(1024));
    for (let length = 0; length < 256; length++) {
      hashes.setUint32(length * 4, murmur3(key, length, 256 - length), true);
    }
    expect(murmur3(new Uint8Array(hashes.buffer), 1024, 0)).toBe(0xb0f57ee3);
  });

  it('encodes text to the same UTF-8 bytes as TextEncoder, lone surrogates included', () => {
    const random = seededRandom(7);
    const units = [
      0x41, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff,
    ];
    for (let round = 0; round < 3000; round++) {
      const length = Math.floor(random() * 12);
      const text = String.fromCharCode(
        ...Array.from({ length }, () =>
          random() < 0.5
            ? (units[Math.floor(random() * units.length)] as number)
            : Math.floor(random() * 0x10000),
        ),
      );
      expect(encodeUtf8(text)).toEqual(utf8.encode(text));
    }
  });

  it('buckets as murmur3 of the UTF-8 bytes of salt, a dot and the value, modulo 100000', () => {
    for (const [salt, value] of [
      ['s', 'u'],
      ['ünïcödé', '😀 key'],
      ['', ''],
      ['salt', 'x'.repeat(5000)],
    ] as const) {
      expect(bucketOf(salt, value)).toBe(hashOf(`${salt}.${value}`, 0) % 100000);
    }
  });
});
