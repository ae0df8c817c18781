import type { TokenKind } from '@tripswitch/sdk/protocol';

/** The token a request was made with. */
export interface Principal {
  tokenId: string;
  name: string;
  kind: TokenKind;
  /** The environment of a server or client token; null for admin tokens. */
  environment: string | null;
}

interface Entry {
  principal: Principal;
  secretHash: string;
  /** When Postgres last confirmed the token (and its lastUsedAt was brought up to date). */
  checkedAt: number;
  checking: boolean;
}

/**
 * Valid tokens by secret hash, so SDK requests (a snapshot poll, a stream) never wait on
 * Postgres. Revocation removes an entry at once on every instance (through the bus); each entry is
 * also re-checked in the background once per `recheckMs` of use, which bounds a lost revocation
 * message and keeps lastUsedAt current.
 */
export class TokenCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly recheckMs: number) {}

  /** The cached principal; `recheck` runs in the background when the entry is due for one. */
  lookup(secretHash: string, recheck: (entry: { principal: Principal }) => Promise<boolean>) {
    const entry = this.#entries.get(secretHash);
    if (!entry) return undefined;
    if (!entry.checking && Date.now() - entry.checkedAt >= this.recheckMs) {
      entry.checking = true;
      recheck(entry).then(
        (valid) => {
          entry.checking = false;
          entry.checkedAt = Date.now();
          if (!valid) this.forget(entry.principal.tokenId);
        },
        () => {
          // Postgres unreachable: keep serving the token, try again on a later use.
          entry.checking = false;
        },
      );
    }
    return entry;
  }

  remember(secretHash: string, principal: Principal): void {
    this.#entries.set(secretHash, {
      principal,
      secretHash,
      checkedAt: Date.now(),
      checking: false,
    });
  }

  forget(tokenId: string): void {
    for (const [hash, entry] of this.#entries) {
      if (entry.principal.tokenId === tokenId) this.#entries.delete(hash);
    }
  }
}
