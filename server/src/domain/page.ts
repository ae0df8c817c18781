import { invalid } from '../errors.ts';

export const DEFAULT_LIMIT = 50;

/** Cuts `limit + 1` fetched rows to a page; the extra row only tells that there is a next page. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => string,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null,
  };
}

const MAX_BIGINT = 2n ** 63n - 1n;

/** A numeric cursor (an id or a version); a 400 naming `cursor` when it is not one we gave out. */
export function numericCursor(cursor: string): bigint {
  const value = /^\d{1,19}$/.test(cursor) ? BigInt(cursor) : -1n;
  if (value < 0n || value > MAX_BIGINT) {
    throw invalid([{ field: '/query/cursor', message: 'is not a cursor from this list' }]);
  }
  return value;
}
