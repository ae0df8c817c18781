import { SYSTEM_ACTOR } from '../../domain/actor.ts';
import { lockStructure } from '../../domain/write.ts';
import type { PrismaClient } from '../../store/prisma.ts';
import { hashSecret, newSecret } from './secrets.ts';
import { insertToken } from './service.ts';

/** What start-up did about admin access. */
export type AdminBootstrap =
  | { kind: 'configured' }
  | { kind: 'existing' }
  | { kind: 'created'; secret: string };

/** An admin-token problem that must stop the server, worded as one line. */
export class AdminTokenError extends Error {
  override name = 'AdminTokenError';
}

/**
 * Makes sure someone can use the REST API: with TRIPSWITCH_ADMIN_TOKEN, an admin token with that
 * exact secret exists; without it, when no usable admin token exists (first start), one is created
 * and its secret returned so it can be shown once.
 */
export async function ensureAdminToken(
  db: PrismaClient,
  configured: string | undefined,
): Promise<AdminBootstrap> {
  return db.$transaction(async (tx) => {
    await lockStructure(tx);
    if (configured !== undefined) {
      const existing = await tx.token.findUnique({ where: { secretHash: hashSecret(configured) } });
      if (existing?.revokedAt) {
        // Reviving a revoked secret from the environment would undo a deliberate revocation.
        throw new AdminTokenError('TRIPSWITCH_ADMIN_TOKEN was revoked; set a new secret');
      }
      if (!existing) {
        await insertToken(tx, SYSTEM_ACTOR, {
          name: 'TRIPSWITCH_ADMIN_TOKEN',
          kind: 'admin',
          environment: null,
          secret: configured,
        });
      }
      return { kind: 'configured' };
    }
    const usable = await tx.token.count({ where: { kind: 'admin', revokedAt: null } });
    if (usable > 0) return { kind: 'existing' };
    const secret = newSecret('admin');
    await insertToken(tx, SYSTEM_ACTOR, {
      name: 'first admin',
      kind: 'admin',
      environment: null,
      secret,
    });
    return { kind: 'created', secret };
  });
}
