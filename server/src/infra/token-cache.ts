import type { TokenKind } from '@tripswitch/sdk/protocol';

/** The token a request was made with. */
export interface Principal {
  tokenId: string;
  name: string;
  kind: TokenKind;
  /** The environment of a server or client token; null for admin tokens. */
  environment: string | null;
}

/** A valid token as the cache holds it. */
export interface CachedToken {
  principal: Principal;
  secretHash: string;
}

interface Entry extends CachedToken {
  /** When Postgres last confirmed the token (and its lastUsedAt was brought up to date). */
  checkedAt: number;
  checking: boolean;
}

/**
 * Valid tokens by secret hash, so SDK requests (a snapshot poll, a stream) never wait on
 * Postgres. Revocation removes an entry at once on every instance (through the bus), and within
 * the anti-entropy interval when the bus lost it (propagation asks Postgres about `tokenIds`);
 * each entry is also re-checked in the background once per `recheckMs` of use, which keeps
 * lastUsedAt current.
 */
export class TokenCache {
  readonly #entries = new Map<string, Entry>();

  /** `recheck` tells whether a cached token is still valid (and keeps its lastUsedAt current). */
  constructor(
    private readonly recheckMs: number,
    private readonly recheck: (token: CachedToken) => Promise<boolean>,
  ) {}

  /** The cached principal; its recheck runs in the background when the entry is due for one. */
  lookup(secretHash: string): CachedToken | undefined {
    const entry = this.#entries.get(secretHash);
    if (!entry) return undefined;
    if (!entry.checking && Date.now() - entry.checkedAt >= this.recheckMs) {
      entry.checking = true;
      this.recheck(entry).then(
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

  /** The ids of the tokens held, for anti-entropy to ask Postgres about. */
  tokenIds(): Set<string> {
    const ids = new Set<string>();
    for (const entry of this.#entries.values()) ids.add(entry.principal.tokenId);
    return ids;
  }

  forget(tokenId: string): void {
    for (const [hash, entry] of this.#entries) {
      if (entry.principal.tokenId === tokenId) this.#entries.delete(hash);
    }
  }
}
