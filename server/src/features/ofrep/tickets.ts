import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenKind } from '@tripswitch/sdk/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../../errors.ts';
import { bearerSecret, type Principal } from '../../infra/auth.ts';
import { hashSecret } from '../tokens/secrets.ts';

// An EventSource sends no Authorization header, so the events URL of a bulk answer carries a
// ticket instead of the token: `<token id>.<HMAC-SHA256 of the id, keyed by the token's stored
// hash>`. Any instance can check it against Postgres, and it grants only what the stream gives
// (that the environment changed), never an evaluation: a leaked URL leaks no secret. It lives
// as long as its token, so revoking the token ends its streams and refuses its tickets.

const SDK_KINDS: ReadonlySet<TokenKind> = new Set(['server', 'client']);

function sign(tokenId: string, secretHash: string): string {
  const mac = createHmac('sha256', secretHash)
    .update(`ofrep-events:${tokenId}`)
    .digest('base64url');
  return `${tokenId}.${mac}`;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

interface Issued {
  ticket: string;
  principal: Principal;
}

/** Tickets issued (or checked) on this instance, so a stream's connect rarely reads Postgres. */
export class EventTickets {
  readonly #issued = new Map<string, Issued>();

  constructor(private readonly app: FastifyInstance) {
    // Revoked: its ticket is refused from now on (anti-entropy asks about the ids held here).
    app.propagation.watchRevocations({
      held: () => this.#issued.keys(),
      revoked: (tokenId) => this.#issued.delete(tokenId),
    });
  }

  /** The ticket of the request's token (authenticated before this runs). */
  ticketOf(request: FastifyRequest): string {
    const principal = request.principal as Principal;
    const issued = this.#issued.get(principal.tokenId);
    if (issued) return issued.ticket;
    const ticket = sign(principal.tokenId, hashSecret(bearerSecret(request)));
    this.#issued.set(principal.tokenId, { ticket, principal });
    return ticket;
  }

  /** The principal a ticket stands for; 401 when it is forged, or its token revoked or gone. */
  async admit(ticket: string): Promise<Principal> {
    const tokenId = ticket.slice(0, ticket.indexOf('.'));
    const issued = this.#issued.get(tokenId);
    if (issued && same(issued.ticket, ticket)) return issued.principal;
    const token = await this.app.db.token.findUnique({ where: { id: tokenId } });
    const kind = token?.kind as TokenKind | undefined;
    if (
      !token ||
      token.revokedAt !== null ||
      !kind ||
      !SDK_KINDS.has(kind) ||
      !same(sign(token.id, token.secretHash), ticket)
    ) {
      throw new UnauthorizedError(
        'The events ticket is unknown, or its token revoked; evaluate the flags again for a new one.',
      );
    }
    const principal: Principal = {
      tokenId: token.id,
      name: token.name,
      kind,
      environment: token.environmentKey,
    };
    this.#issued.set(token.id, { ticket, principal });
    return principal;
  }
}
