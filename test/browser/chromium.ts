import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type BrowserContext, type CDPSession, chromium, type Page, type Response } from 'playwright-core';

/** Debian's package, never a downloaded browser; `npm test` installs it first (scripts/preflight.ts). */
export const CHROMIUM_PATH = process.env.DVCP_CHROMIUM_PATH || '/usr/bin/chromium';

/** Without these the browser reaches for the network (updates, QUIC, sync) and hangs on a closed machine. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const SCREENSHOT_DIR = 'test-results/screenshots';

export const VIEWPORTS = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1280, height: 900 },
} as const;

/** One browser per test file, with a fresh profile directory that is removed on close. */
export class Chromium {
  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async launch(): Promise<Chromium> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `The browser tests need Chromium at ${CHROMIUM_PATH}, which is missing (they never download a browser). ` +
          'Install it: sudo apt-get install -y --no-install-recommends chromium (Debian/Ubuntu; `npm test` does this itself), ' +
          'or set DVCP_CHROMIUM_PATH to a Chromium executable.',
      );
    }
    const profile = await mkdtemp(join(tmpdir(), 'dan-van-chromium-'));
    // launchPersistentContext is how Playwright takes a --user-data-dir: a fresh one per run, no state carried over.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: VIEWPORTS.phone,
      locale: 'vi-VN',
      timeout: 30_000,
    });
    return new Chromium(context, profile);
  }

  /** A tab with page scripts switched off: every page must work without JavaScript. */
  async newPage(): Promise<OfficialTab> {
    const page = await this.context.newPage();
    const cdp = await this.context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    return new OfficialTab(page, cdp);
  }

  async close(): Promise<void> {
    await this.context.close();
    await rm(this.profile, { recursive: true, force: true });
  }
}

export interface PageCheck {
  readonly name: string;
  readonly bytes: number;
  readonly violations: Record<'phone' | 'desktop', { id: string; impact: string; nodes: number }[]>;
}

/** One browser tab, driven the way an official uses it: open the link, type, press a button. */
export class OfficialTab {
  /** Content-Security-Policy refusals, which the browser reports on the console (e.g. a style whose hash is wrong). */
  readonly cspRefusals: string[] = [];

  constructor(
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) this.cspRefusals.push(message.text());
    });
  }

  async open(url: string): Promise<Response> {
    const response = await this.page.goto(url, { waitUntil: 'load' });
    if (!response) throw new Error(`No response for ${url}`);
    return response;
  }

  async type(label: string, text: string): Promise<void> {
    await this.page.getByLabel(label, { exact: true }).fill(text);
  }

  async valueOf(label: string): Promise<string> {
    return this.page.getByLabel(label, { exact: true }).inputValue();
  }

  /**
   * Presses a button and waits for the page it leads to; returns the answer to the POST itself
   * (a 303 when the server redirects after acting) and the answer finally shown.
   */
  async press(button: string): Promise<{ post: Response; shown: Response }> {
    const responses: Response[] = [];
    const onResponse = (response: Response) => {
      if (response.request().isNavigationRequest() && response.frame() === this.page.mainFrame()) responses.push(response);
    };
    this.page.on('response', onResponse);
    try {
      await Promise.all([
        this.page.waitForEvent('framenavigated', (frame) => frame === this.page.mainFrame()),
        this.page.getByRole('button', { name: button, exact: true }).click(),
      ]);
      await this.page.waitForLoadState('load');
    } finally {
      this.page.off('response', onResponse);
    }
    const shown = responses[responses.length - 1];
    if (!shown) throw new Error(`Pressing "${button}" loaded no page`);
    const post = (await shown.request().redirectedFrom()?.response()) ?? shown;
    return { post, shown };
  }

  /** The text as the reader sees it: innerText keeps the gap between a label and its value that textContent drops. */
  async text(selector: string): Promise<string> {
    return (await this.page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
  }

  /**
   * The axe-core check at phone and desktop width, plus "fits": no horizontal scrolling at 360 px.
   * axe runs through the DevTools protocol, so the page's own CSP (no script at all) stays in force.
   * Screenshots go to the git-ignored test-results/screenshots/.
   */
  async check(name: string): Promise<PageCheck> {
    const bytes = Buffer.byteLength(await this.page.content());
    const violations = { phone: [], desktop: [] } as PageCheck['violations'];
    await this.cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
    try {
      for (const [size, viewport] of Object.entries(VIEWPORTS) as [keyof typeof VIEWPORTS, { width: number; height: number }][]) {
        await this.page.setViewportSize(viewport);
        const overflow = (await this.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
        if (overflow > 0) throw new Error(`${name} at ${size} width scrolls sideways by ${overflow}px`);
        const result = await new AxeBuilder({ page: this.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
        violations[size] = result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', nodes: v.nodes.length }));
        await mkdir(SCREENSHOT_DIR, { recursive: true });
        await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${size}.png`), fullPage: true });
      }
    } finally {
      await this.cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
      await this.page.setViewportSize(VIEWPORTS.phone);
    }
    return { name, bytes, violations };
  }
}

/** The violations that fail a page: axe's "serious" and "critical". */
export const blocking = (check: PageCheck) =>
  [...check.violations.phone, ...check.violations.desktop].filter((v) => v.impact === 'serious' || v.impact === 'critical');

export const writeSummary = async (checks: readonly PageCheck[]): Promise<void> => {
  await mkdir('test-results', { recursive: true });
  await writeFile('test-results/browser-pages.json', `${JSON.stringify(checks, null, 2)}\n`);
};
