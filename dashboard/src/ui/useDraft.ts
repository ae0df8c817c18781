import { useState } from 'react';

/**
 * A form's working copy of server state. While the copy is untouched it follows the server (live
 * updates show up); once edited it stays put, and `stale` says the server moved underneath it,
 * so a save is never a silent overwrite.
 */
export function useDraft<S, D>(source: S, toDraft: (source: S) => D) {
  const [state, setState] = useState(() => ({ base: source, draft: toDraft(source) }));
  const dirty = JSON.stringify(state.draft) !== JSON.stringify(toDraft(state.base));
  if (state.base !== source && !dirty) {
    // Adjusting state while rendering is React's way to follow a changed prop without an effect.
    setState({ base: source, draft: toDraft(source) });
  }
  return {
    draft: state.draft,
    /** The server state the draft started from. */
    base: state.base,
    dirty,
    stale: state.base !== source,
    setDraft: (draft: D) => setState((current) => ({ ...current, draft })),
    /** Starts over from new server state, optionally keeping a draft built on it. */
    rebase: (next: S, draft: D = toDraft(next)) => setState({ base: next, draft }),
  };
}
