// `pnpm bench:snapshot`: the snapshot's 304 path alone (the last part of `pnpm bench:propagation`),
// on one instance of this checkout beside a bare Fastify route answering 304, alternating in
// rounds so both come from the same minutes. With BENCH_BASELINE=<another checkout> (e.g.
// /work/main) an instance of that checkout joins the rounds: before and after a change, measured
// together. Medians of the rounds, and each against the floor.
import { randomBytes } from 'node:crypto';
import { createAdminClient } from '@tripswitch/sdk/admin';
import { migrate, readMigrations } from '@tripswitch/server/migrations';
import { type Instance, startInstance } from '../../propagation/support/instance.ts';
import { databaseUrl, withAdminConnection } from '../../support/postgres.ts';
import { startFloor } from './floors.ts';
import { median } from './probe.ts';
import { type Load, load } from './snapshot-load.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BASELINE = process.env.BENCH_BASELINE;

async function main() {
  const name = `tripswitch_bench_${randomBytes(4).toString('hex')}`;
  await withAdminConnection((admin) => admin.query(`CREATE DATABASE "${name}"`));
  await migrate(databaseUrl(name), await readMigrations());
  const adminToken = `tsa_${randomBytes(32).toString('base64url')}`;
  const options = { databaseUrl: databaseUrl(name), adminToken, quiet: true };
  const instances: [string, Instance][] = [['this checkout', await startInstance(options)]];
  if (BASELINE) {
    instances.push([
      `baseline ${BASELINE}`,
      await startInstance({ ...options, checkout: BASELINE }),
    ]);
  }
  const floor = await startFloor('bare-fastify.ts');
  try {
    const admin = createAdminClient({
      url: (instances[0] as [string, Instance])[1].url,
      token: adminToken,
    });
    await admin.call('createFlag', { body: { key: 'bench-snapshot' } });
    const { secret } = await admin.call('createToken', {
      body: { name: 'bench', kind: 'server', environment: 'production' },
    });
    const targets: [string, string][] = [
      ['bare Fastify (floor)', `${floor.url}/sdk/v1/snapshot`],
      ...instances.map(([label, instance]): [string, string] => [
        label,
        `${instance.url}/sdk/v1/snapshot`,
      ]),
    ];
    const etag = (
      await fetch(targets[1]?.[1] as string, { headers: { authorization: `Bearer ${secret}` } })
    ).headers.get('etag') as string;
    const headers = { authorization: `Bearer ${secret}`, 'if-none-match': etag };
    const runs = new Map<string, Load[]>(targets.map(([label]) => [label, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // The order turns each round, so no target always follows the same one.
      for (let i = 0; i < targets.length; i++) {
        const [label, url] = targets[(round + i) % targets.length] as [string, string];
        const run = await load(url, headers);
        runs.get(label)?.push(run);
        console.error(
          `round ${round + 1}: ${label} ${Math.round(run.requestsPerSecond)} requests/s`,
        );
      }
    }
    const floorMedian = median(
      (runs.get(targets[0]?.[0] as string) ?? []).map((r) => r.requestsPerSecond),
    );
    console.log(
      `| what | median requests/s (${ROUNDS} rounds, ${runs.get(targets[0]?.[0] as string)?.[0]?.tool}) | rounds | against the floor | all 304 |`,
    );
    console.log('| --- | ---: | --- | ---: | --- |');
    for (const [label, list] of runs) {
      const rates = list.map((r) => r.requestsPerSecond);
      const value = median(rates);
      console.log(
        `| ${label} | ${Math.round(value).toLocaleString('en')} | ${rates.map((r) => Math.round(r)).join(', ')} | ${(value / floorMedian).toFixed(2)}x | ${list.every((r) => r.all304)} |`,
      );
    }
  } finally {
    floor.child.kill('SIGKILL');
    await Promise.all(instances.map(([, instance]) => instance.kill()));
    await withAdminConnection((admin) =>
      admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
  }
}

await main();
