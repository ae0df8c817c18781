import { SYSTEM_ACTOR } from '../../domain/actor.ts';
import { lockStructure } from '../../domain/write.ts';
import type { PrismaClient } from '../../store/prisma.ts';
import { insertEnvironment } from './service.ts';

const FIRST_ENVIRONMENTS = [
  { key: 'development', name: 'Development', confirmChanges: false },
  { key: 'staging', name: 'Staging', confirmChanges: false },
  { key: 'production', name: 'Production', confirmChanges: true },
];

/** On the first start (no environment at all), creates development, staging and production. */
export async function seedEnvironments(db: PrismaClient): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Under the structure lock, so replicas starting together seed once.
    await lockStructure(tx);
    if ((await tx.environment.count()) > 0) return false;
    for (const body of FIRST_ENVIRONMENTS) await insertEnvironment(tx, SYSTEM_ACTOR, body);
    return true;
  });
}
