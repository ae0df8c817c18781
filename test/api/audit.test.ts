import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createFlag } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const audit = async (query: string) => {
  const response = await t.api({ method: 'GET', url: `/api/v1/audit?${query}` });
  expect(response.statusCode).toBe(200);
  return response.json() as {
    items: { id: string; action: string; at: string }[];
    nextCursor: string | null;
  };
};

describe('GET /api/v1/audit', () => {
  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const flag = await createFlag(t.api);
    for (let i = 0; i < 3; i++) {
      await t.api({
        method: 'POST',
        url: `/api/v1/flags/${flag.key}/environments/development/enable`,
      });
      await t.api({
        method: 'POST',
        url: `/api/v1/flags/${flag.key}/environments/development/kill`,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await audit(`flag=${flag.key}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect([...seen].sort((a, b) => Number(b) - Number(a))).toEqual(seen);
  });

  it('filters by actor, action and time range', async () => {
    const flag = await createFlag(t.api);
    const mine = await audit(
      `actor=token:TRIPSWITCH_ADMIN_TOKEN&action=flag.created&flag=${flag.key}`,
    );
    expect(mine.items).toHaveLength(1);
    const nobody = await audit(`actor=token:nobody&flag=${flag.key}`);
    expect(nobody.items).toEqual([]);
    const at = mine.items[0]?.at as string;
    expect((await audit(`flag=${flag.key}&from=${encodeURIComponent(at)}`)).items).toHaveLength(1);
    expect((await audit(`flag=${flag.key}&to=${encodeURIComponent(at)}`)).items).toHaveLength(0);
  });

  it('refuses a cursor it did not give out', async () => {
    for (const cursor of ['abc', '99999999999999999999']) {
      const response = await t.api({ method: 'GET', url: `/api/v1/audit?cursor=${cursor}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('/query/cursor');
    }
  });
});
