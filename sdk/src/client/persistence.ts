/**
 * Where the client keeps its last good snapshot (as JSON text), so a restart during an outage
 * still serves real flags. `fileSnapshots` (from `@tripswitch/sdk/node`) and `localStorageSnapshots`
 * implement it.
 */
export interface SnapshotStorage {
  /** The saved snapshot text, or undefined when nothing was saved. */
  load(): Promise<string | undefined>;
  save(snapshot: string): Promise<void>;
}

/** Keeps the last good snapshot in the browser's localStorage under `key`. */
export function localStorageSnapshots(key = 'tripswitch:snapshot'): SnapshotStorage {
  return {
    load: async () => globalThis.localStorage.getItem(key) ?? undefined,
    save: async (snapshot) => globalThis.localStorage.setItem(key, snapshot),
  };
}
