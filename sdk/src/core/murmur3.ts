// MurmurHash3, x86 32-bit variant (Austin Appleby, public domain), over UTF-8 bytes. Bucketing
// hashes `${salt}.${value}`: the salt's part is absorbed once per compile (a HashPrefix), and the
// value's characters are absorbed straight from their char codes, so the hot path allocates and
// copies nothing. Non-ASCII text goes through a reused scratch buffer instead.

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** The murmur3 state after absorbing some bytes: mixed blocks, pending bytes, total length. */
export interface HashPrefix {
  readonly hash: number;
  /** Bytes not yet making a whole 4-byte block, little-endian. */
  readonly pending: number;
  /** Bit offset of the next pending byte: 0, 8, 16 or 24. */
  readonly shift: number;
  readonly length: number;
}

function mixBlock(hash: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  let h = hash ^ Math.imul(k, C2);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(hash: number, pending: number, shift: number, length: number): number {
  let h = hash;
  if (shift !== 0) {
    let k = Math.imul(pending, C1);
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

/** MurmurHash3 x86 32-bit of `bytes[0..length)` with `seed`, as an unsigned integer. */
export function murmur3(bytes: Uint8Array, length: number, seed: number): number {
  let hash = seed | 0;
  let pending = 0;
  let shift = 0;
  for (let i = 0; i < length; i++) {
    pending |= (bytes[i] as number) << shift;
    shift += 8;
    if (shift === 32) {
      hash = mixBlock(hash, pending);
      pending = 0;
      shift = 0;
    }
  }
  return finish(hash, pending, shift, length);
}

/** The state after absorbing the UTF-8 bytes of `text` with seed 0 (compile time). */
export function hashPrefix(text: string): HashPrefix {
  const length = writeUtf8(text, 0, 0);
  let hash = 0;
  let pending = 0;
  let shift = 0;
  for (let i = 0; i < length; i++) {
    pending |= (scratch[i] as number) << shift;
    shift += 8;
    if (shift === 32) {
      hash = mixBlock(hash, pending);
      pending = 0;
      shift = 0;
    }
  }
  return { hash, pending, shift, length };
}

/** MurmurHash3 of the prefix's bytes followed by the UTF-8 bytes of `text` (hot path). */
export function hashAfter(prefix: HashPrefix, text: string): number {
  let hash = prefix.hash;
  let pending = prefix.pending;
  let shift = prefix.shift;
  const units = text.length;
  for (let i = 0; i < units; i++) {
    const unit = text.charCodeAt(i);
    // ASCII is one byte per unit; the rest of a non-ASCII text is encoded then absorbed.
    if (unit >= 0x80) return hashUtf8Rest(hash, pending, shift, prefix.length + i, text, i);
    pending |= unit << shift;
    shift += 8;
    if (shift === 32) {
      hash = mixBlock(hash, pending);
      pending = 0;
      shift = 0;
    }
  }
  return finish(hash, pending, shift, prefix.length + units);
}

function hashUtf8Rest(
  hash: number,
  pending: number,
  shift: number,
  length: number,
  text: string,
  from: number,
): number {
  const bytes = writeUtf8(text, from, 0);
  let h = hash;
  let k = pending;
  let s = shift;
  for (let i = 0; i < bytes; i++) {
    k |= (scratch[i] as number) << s;
    s += 8;
    if (s === 32) {
      h = mixBlock(h, k);
      k = 0;
      s = 0;
    }
  }
  return finish(h, k, s, length + bytes);
}

let scratch = new Uint8Array(512);

/**
 * Writes the UTF-8 bytes of `text` from unit `from` into the scratch buffer at `offset`; returns
 * the end offset. Evaluation is synchronous, so the buffer is never shared between two calls.
 */
function writeUtf8(text: string, from: number, offset: number): number {
  // No UTF-16 unit takes more than 3 bytes (a surrogate pair takes 4 for 2 units).
  const needed = offset + (text.length - from) * 3;
  if (needed > scratch.length) {
    const grown = new Uint8Array(Math.max(needed, scratch.length * 2));
    grown.set(scratch);
    scratch = grown;
  }
  const out = scratch;
  let at = offset;
  for (let i = from; i < text.length; i++) {
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

/** The UTF-8 encoding of `text` as a new array (what hashing sees; tested against TextEncoder). */
export function encodeUtf8(text: string): Uint8Array {
  return scratch.slice(0, writeUtf8(text, 0, 0));
}
