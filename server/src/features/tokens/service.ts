import { randomUUID } from 'node:crypto';
import type { CreatedToken, CreateTokenBody, Token, TokenKind } from '@tripswitch/sdk/protocol';
import type { Actor } from '../../domain/actor.ts';
import { toToken } from '../../domain/serialize.ts';
import { type WriteDeps, write } from '../../domain/write.ts';
import { invalid, NotFoundError } from '../../errors.ts';
import type { Tx } from '../../store/prisma.ts';
import { recordAudit } from '../audit/record.ts';
import { DISPLAY_PREFIX_LENGTH, hashSecret, newSecret } from './secrets.ts';

/** Stores a token for `secret` (hashed) and audits it, inside the caller's transaction. */
export async function insertToken(
  tx: Tx,
  actor: Actor,
  token: { name: string; kind: TokenKind; environment: string | null; secret: string },
): Promise<Token> {
  const row = await tx.token.create({
    data: {
      id: randomUUID(),
      name: token.name,
      kind: token.kind,
      environmentKey: token.environment,
      prefix: token.secret.slice(0, DISPLAY_PREFIX_LENGTH),
      secretHash: hashSecret(token.secret),
    },
  });
  const result = toToken(row);
  await recordAudit(tx, actor, {
    action: 'token.created',
    ...(token.environment !== null && { environment: token.environment }),
    after: result,
  });
  return result;
}

export function tokenService(deps: WriteDeps) {
  const { db } = deps;
  return {
    async list(): Promise<Token[]> {
      const rows = await db.token.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
      return rows.map(toToken);
    },

    create(actor: Actor, body: CreateTokenBody): Promise<CreatedToken> {
      if (body.kind === 'admin' && body.environment !== undefined) {
        throw invalid([
          { field: '/body/environment', message: 'admin tokens are not tied to an environment' },
        ]);
      }
      if (body.kind !== 'admin' && body.environment === undefined) {
        throw invalid([
          { field: '/body/environment', message: `is required for ${body.kind} tokens` },
        ]);
      }
      return write(deps, async (tx) => {
        const environment = body.environment ?? null;
        if (
          environment !== null &&
          !(await tx.environment.findUnique({ where: { key: environment } }))
        ) {
          throw invalid([
            { field: '/body/environment', message: `no environment "${environment}"` },
          ]);
        }
        const secret = newSecret(body.kind);
        const token = await insertToken(tx, actor, {
          name: body.name,
          kind: body.kind,
          environment,
          secret,
        });
        return { result: { token, secret }, committed: [] };
      });
    },

    revoke(actor: Actor, id: string): Promise<Token> {
      return write(deps, async (tx) => {
        const row = await tx.token.findUnique({ where: { id } });
        if (!row) throw new NotFoundError(`No token "${id}".`);
        if (row.revokedAt !== null) return { result: toToken(row), committed: [] };
        const revoked = await tx.token.update({ where: { id }, data: { revokedAt: new Date() } });
        const result = toToken(revoked);
        await recordAudit(tx, actor, {
          action: 'token.revoked',
          ...(row.environmentKey !== null && { environment: row.environmentKey }),
          before: toToken(row),
          after: result,
        });
        return { result, committed: [], revokedTokens: [id] };
      });
    },
  };
}
