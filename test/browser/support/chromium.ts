import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium unless TRIPSWITCH_CHROMIUM_PATH says otherwise; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.TRIPSWITCH_CHROMIUM_PATH || '/usr/bin/chromium';

/** True when the browser tests were asked to be skipped (TRIPSWITCH_SKIP_BROWSER=1). */
export const skipBrowser = process.env.TRIPSWITCH_SKIP_BROWSER === '1';

/** The one line printed when Chromium is missing. */
export const MISSING_CHROMIUM = `Chromium is missing at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (or set TRIPSWITCH_SKIP_BROWSER=1 to skip the browser tests).`;

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Launches headless Chromium with the flags that work as root on this kind of machine. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    chromiumSandbox: false, // adds --no-sandbox: needed as root
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
