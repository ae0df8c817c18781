import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard, screenshot } from './support/dashboard.ts';
import { createFlag, rolloutOn } from './support/flags.ts';
import { startTestServer, type TestServer } from './support/server.ts';

describe.skipIf(skipBrowser)('flags in the dashboard', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with an admin token, stays signed in on reload, and signs out', async () => {
    const { page, errors } = await openDashboard(browser, server, { signedIn: false });
    await page.goto('/flags');
    await page.waitForURL('**/sign-in');
    await screenshot(page, 'sign-in');

    await page.getByLabel('Admin token').fill('tsa_not_a_real_token_0000000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Unauthorized/);

    await page.getByLabel('Admin token').fill(server.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/flags');

    await page.reload();
    await page.getByRole('heading', { name: 'Flags' }).waitFor();
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    expect(errors).toEqual([]);
  });

  it('creates a flag, then adds a rule and a 5% rollout in production that the API reads back', async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags/new');
    await page.getByLabel('Key', { exact: true }).fill('new-checkout');
    await page.getByLabel('Name', { exact: true }).fill('New checkout');
    await page.getByLabel('Tags').fill('checkout, team:payments');
    await screenshot(page, 'create-flag');
    await page.getByRole('button', { name: 'Create flag' }).click();
    await page.getByRole('heading', { name: 'New checkout' }).waitFor();

    await page.getByRole('link', { name: /^Production/ }).click();
    await page.getByRole('switch', { name: 'new-checkout in production' }).waitFor();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Attribute').fill('country');
    await page.getByLabel('Values').fill('NO\nSE');
    await page.getByRole('radio', { name: 'A percentage rollout' }).last().check();
    await page.getByLabel('Default rule: share of on (%)').fill('5');
    await page.getByLabel('Default rule: share of on (%)').blur();
    expect(await page.getByLabel('Default rule: share of off (%)').inputValue()).toBe('95');
    await page.getByLabel('Comment').fill('Nordics first, 5% elsewhere');
    await page.getByRole('button', { name: 'Save changes' }).click();

    // Production asks for confirmation and shows what will change.
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('rollout on 5% · off 95%');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Version 2, by').waitFor();
    await screenshot(page, 'targeting');

    const saved = await server.api.call('getFlagEnvironment', {
      params: { flagKey: 'new-checkout', environment: 'production' },
    });
    expect(saved.version).toBe(2);
    expect(saved.config.rules).toHaveLength(1);
    expect(saved.config.rules[0]?.conditions).toEqual([
      { attribute: 'country', operator: 'in', values: ['NO', 'SE'] },
    ]);
    expect(saved.config.rules[0]?.serve).toEqual({ variant: 'on' });
    expect(saved.config.defaultServe.rollout?.variations).toEqual([
      { variant: 'on', weight: 5000 },
      { variant: 'off', weight: 95000 },
    ]);

    await page.getByRole('link', { name: 'Flags', exact: true }).click();
    await page.getByRole('link', { name: 'New checkout' }).waitFor();
    await screenshot(page, 'flags');
    expect(errors).toEqual([]);
  });

  it("shows a bad field's error next to it and keeps the whole edit", async () => {
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags/new');
    await page.getByLabel('Kind').selectOption('json');
    const value = page.getByLabel('Variant 1 value');
    await value.fill('{"layout": ');
    // JSON is checked as it is typed, before anything is sent.
    await expect.poll(() => value.getAttribute('aria-invalid')).toBe('true');
    await value.fill('{"layout": "grid"}');
    await expect.poll(() => value.getAttribute('aria-invalid')).toBeNull();

    const key = page.getByLabel('Key', { exact: true });
    await key.fill('Bad Key!');
    await page.getByLabel('Description').fill('Grid or list on the search page');
    await page.getByRole('button', { name: 'Create flag' }).click();

    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await key.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent();
    expect(message).toBeTruthy();
    await screenshot(page, 'field-error');
    expect(await key.inputValue()).toBe('Bad Key!');
    expect(await page.getByLabel('Description').inputValue()).toBe(
      'Grid or list on the search page',
    );
    expect(await value.inputValue()).toBe('{"layout": "grid"}');
    const listed = await server.api.call('listFlags', { query: { q: 'search page' } });
    expect(listed.items).toEqual([]);

    await key.fill('search-layout');
    await page.getByRole('button', { name: 'Create flag' }).click();
    await page.getByRole('heading', { name: 'search-layout' }).waitFor();
    const flag = await server.api.call('getFlag', { params: { flagKey: 'search-layout' } });
    expect(flag.variants[0]?.value).toEqual({ layout: 'grid' });
    expect(errors).toEqual([]);
  });

  it('shows a rule’s id and a % sign after every rollout share', async () => {
    await createFlag(server, 'nordic-pricing', 'production', {
      rules: [
        {
          id: 'norway',
          conditions: [{ attribute: 'country', operator: 'in', values: ['NO'] }],
          serve: rolloutOn(5),
        },
      ],
    });
    const { page, errors } = await openDashboard(browser, server);
    await page.goto('/flags/nordic-pricing/environments/production');
    const rule = page.getByRole('article', { name: 'Rule 1' });
    await rule.waitFor();
    expect(await rule.textContent()).toContain('id norway');
    // The % follows the input, visible, beside the number it qualifies.
    const share = rule.getByLabel('Rule 1: share of on (%)');
    expect(await share.inputValue()).toBe('5');
    const unit = share.locator('xpath=following-sibling::*[1]');
    expect(await unit.textContent()).toBe('%');
    expect(await unit.isVisible()).toBe(true);
    const [input, sign] = await Promise.all([share.boundingBox(), unit.boundingBox()]);
    expect(sign && input && sign.x >= input.x + input.width).toBe(true);

    await page.getByRole('link', { name: 'Guardrails, rollout and metrics' }).click();
    await page.getByText('Start a progressive rollout').click();
    const step = page.getByLabel('Step 1 share (%)');
    expect(await step.locator('xpath=following-sibling::*[1]').textContent()).toBe('%');
    expect(errors).toEqual([]);
  });

  it('opens a flag on the environment last worked in, in this browser', async () => {
    await createFlag(server, 'wishlist', 'staging');
    await createFlag(server, 'gift-cards', 'staging');
    const { page, errors } = await openDashboard(browser, server);
    // A fresh browser opens a flag on the first environment.
    await page.goto('/flags/wishlist');
    await page.waitForURL('**/flags/wishlist/environments/development');
    await page.getByRole('link', { name: /^Staging/ }).click();
    await page.getByRole('switch', { name: 'wishlist in staging' }).waitFor();

    await page.getByRole('link', { name: 'Flags', exact: true }).click();
    await page.getByRole('link', { name: 'gift cards' }).click();
    await page.waitForURL('**/flags/gift-cards/environments/staging');
    await page.getByRole('switch', { name: 'gift-cards in staging' }).waitFor();
    // Remembered across a reload and a new tab of the same browser, not in another browser.
    const other = await page.context().newPage();
    await other.goto('/flags/wishlist');
    await other.waitForURL('**/flags/wishlist/environments/staging');
    const elsewhere = await openDashboard(browser, server);
    await elsewhere.page.goto('/flags/wishlist');
    await elsewhere.page.waitForURL('**/flags/wishlist/environments/development');
    expect(errors).toEqual([]);
  });
});
