import { useState } from 'react';

/** Cursor paging: the cursors of the pages before the current one, so "Previous" works too. */
export function useCursorPages() {
  const [trail, setTrail] = useState<(string | undefined)[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  return {
    cursor,
    page: trail.length + 1,
    next(nextCursor: string) {
      setTrail([...trail, cursor]);
      setCursor(nextCursor);
    },
    previous() {
      setCursor(trail.at(-1));
      setTrail(trail.slice(0, -1));
    },
    reset() {
      setTrail([]);
      setCursor(undefined);
    },
  };
}

export function Pager({
  pages,
  nextCursor,
  label,
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor: string | null;
  label: string;
}) {
  if (pages.page === 1 && !nextCursor) return null;
  return (
    <nav className="spread" aria-label={label}>
      <button type="button" onClick={pages.previous} disabled={pages.page === 1}>
        Previous page
      </button>
      <span>Page {pages.page}</span>
      <button
        type="button"
        onClick={() => nextCursor && pages.next(nextCursor)}
        disabled={!nextCursor}
      >
        Next page
      </button>
    </nav>
  );
}
