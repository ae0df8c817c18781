import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './support/chromium.ts';
import { openDashboard, PHONE } from './support/dashboard.ts';
import { createFlag, rolloutOn } from './support/flags.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Every page checked by axe-core against WCAG 2.1 A and AA (labels, names, contrast, landmarks,
// keyboard-reachable controls) once its data has arrived, at laptop and phone widths.

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One line per violation: rule, impact and the elements it was found on. */
async function violationsOn(page: Page): Promise<string[]> {
  // Evaluated by the test driver, not as a script tag: the dashboard's CSP refuses inline script.
  await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: typeof axe }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
      }),
    WCAG,
  );
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

describe.skipIf(skipBrowser)('accessibility of every page', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startTestServer()]);
    await createFlag(server, 'a11y-flag', 'production', {
      on: true,
      rules: [
        {
          id: 'norway',
          conditions: [{ attribute: 'country', operator: 'in', values: ['NO'] }],
          serve: rolloutOn(5),
        },
      ],
    });
    await server.api.call('killFlag', {
      params: { flagKey: 'a11y-flag', environment: 'production' },
      body: { comment: 'history to show' },
    });
    // On, with a rollout: the list shows its share and its kill button.
    await createFlag(server, 'a11y-live', 'production', { on: true, defaultServe: rolloutOn(25) });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const pages: [string, string][] = [
    ['/flags', 'Flags'],
    ['/flags/new', 'New flag'],
    ['/flags/a11y-flag/environments/production', 'a11y flag'],
    ['/flags/a11y-flag/environments/production/history', 'a11y flag'],
    ['/flags/a11y-flag/environments/production/guardrails', 'a11y flag'],
    ['/flags/a11y-flag/settings', 'a11y flag'],
    ['/audit', 'Audit log'],
    ['/environments', 'Environments'],
    ['/environments/production/segments', 'Segments'],
    ['/tokens', 'API tokens'],
    ['/webhooks', 'Webhooks'],
  ];

  it.each(pages)('%s has no WCAG 2.1 A or AA violations', async (path, heading) => {
    const { page, errors, settled } = await openDashboard(browser, server);
    await page.goto(path);
    await page.getByRole('heading', { name: heading }).first().waitFor();
    await settled();
    expect(await violationsOn(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the sign-in page and a flag on a phone have none either', async () => {
    const signIn = await openDashboard(browser, server, { signedIn: false });
    await signIn.page.goto('/sign-in');
    await signIn.page.getByRole('heading').first().waitFor();
    expect(await violationsOn(signIn.page)).toEqual([]);

    const phone = await openDashboard(browser, server, { viewport: PHONE });
    await phone.page.goto('/flags/a11y-flag/environments/production');
    await phone.page.getByRole('heading', { name: 'a11y flag' }).first().waitFor();
    await phone.settled();
    expect(await violationsOn(phone.page)).toEqual([]);
  });

  it('the kill dialog, with its reason field, has none either', async () => {
    const { page, errors, settled } = await openDashboard(browser, server);
    await page.goto('/flags');
    await page.getByRole('button', { name: 'Kill a11y-live in production' }).click();
    await page.getByRole('dialog', { name: 'Turn a11y-live off in Production?' }).waitFor();
    await settled();
    expect(await violationsOn(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
