// MurmurHash3, x86 32-bit variant (Austin Appleby, public domain), over UTF-8 bytes written into
// one reused scratch buffer: bucketing allocates nothing. Evaluation is synchronous, so the
// buffer is never shared between two calls in flight.

let scratch = new Uint8Array(512);

function ensureCapacity(bytes: number): void {
  if (bytes <= scratch.length) return;
  const grown = new Uint8Array(Math.max(bytes, scratch.length * 2));
  grown.set(scratch);
  scratch = grown;
}

/** Writes the UTF-8 bytes of `text` into the scratch buffer at `offset`; returns the end offset. */
export function writeUtf8(text: string, offset: number): number {
  // No UTF-16 unit takes more than 3 bytes (a surrogate pair takes 4 for 2 units).
  ensureCapacity(offset + text.length * 3);
  const out = scratch;
  let at = offset;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      out[at++] = unit;
    } else if (unit < 0x800) {
      out[at++] = 0xc0 | (unit >> 6);
      out[at++] = 0x80 | (unit & 0x3f);
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      const low = text.charCodeAt(i + 1);
      if (unit <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
        const point = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        out[at++] = 0xf0 | (point >> 18);
        out[at++] = 0x80 | ((point >> 12) & 0x3f);
        out[at++] = 0x80 | ((point >> 6) & 0x3f);
        out[at++] = 0x80 | (point & 0x3f);
        i++;
      } else {
        // A lone surrogate is not encodable; like TextEncoder, write U+FFFD.
        out[at++] = 0xef;
        out[at++] = 0xbf;
        out[at++] = 0xbd;
      }
    } else {
      out[at++] = 0xe0 | (unit >> 12);
      out[at++] = 0x80 | ((unit >> 6) & 0x3f);
      out[at++] = 0x80 | (unit & 0x3f);
    }
  }
  return at;
}

/** Copies `bytes` to the start of the scratch buffer; returns their length. */
export function writeBytes(bytes: Uint8Array): number {
  ensureCapacity(bytes.length);
  scratch.set(bytes);
  return bytes.length;
}

/** The UTF-8 encoding of `text` as a new array (compile time only). */
export function encodeUtf8(text: string): Uint8Array {
  return scratch.slice(0, writeUtf8(text, 0));
}

/** MurmurHash3 x86 32-bit of the first `length` bytes of the scratch buffer. */
export function murmur3Scratch(length: number, seed: number): number {
  return murmur3(scratch, length, seed);
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3 x86 32-bit of `bytes[0..length)` with `seed`, as an unsigned integer. */
export function murmur3(bytes: Uint8Array, length: number, seed: number): number {
  let h = seed | 0;
  const blockEnd = length & ~3;
  let i = 0;
  for (; i < blockEnd; i += 4) {
    let k =
      (bytes[i] as number) |
      ((bytes[i + 1] as number) << 8) |
      ((bytes[i + 2] as number) << 16) |
      ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail !== 0) {
    let k = bytes[i] as number;
    if (tail > 1) k |= (bytes[i + 1] as number) << 8;
    if (tail > 2) k |= (bytes[i + 2] as number) << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
