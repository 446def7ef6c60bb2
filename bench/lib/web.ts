// The web UI: how much JavaScript the sign-in and dashboard pages load first (gzip, as a server or
// proxy that compresses would send it), and how long Debian's chromium takes to show the dashboard's
// figures after navigation, beside the same browser rendering a blank page from the same server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { ROOT, median, progress } from './common.js';
import { PASSWORD } from './http.js';

const WEB_ROOT = path.join(ROOT, 'dist', 'web');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/web when it is missing or older than web/. */
export function ensureWebBuilt(): void {
  const index = path.join(WEB_ROOT, 'index.html');
  const sources = Math.max(newestMtime(path.join(ROOT, 'web')), fs.statSync(path.join(ROOT, 'vite.config.ts')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  progress('building the web UI (vite build)…');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('vite build failed');
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();
function sizeOf(urlPath: string): { raw: number; gzip: number } {
  let s = gzipCache.get(urlPath);
  if (!s) {
    const data = fs.readFileSync(path.join(WEB_ROOT, urlPath));
    s = { raw: data.length, gzip: zlib.gzipSync(data, { level: 6 }).length };
    gzipCache.set(urlPath, s);
  }
  return s;
}

function allJs(): string[] {
  return fs.readdirSync(path.join(WEB_ROOT, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `/assets/${f}`);
}

export interface WebResult {
  loginJs: string[];
  dashboardJs: string[];
  firstLoadGzip: number;
  firstLoadRaw: number;
  allGzip: number;
  renderMs: number[];
  blankMs: number[];
  dashboardFigure: string | null;
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
}

/** Time from navigation start to the first time `selector` is visible, in the page's own clock. */
async function timeTo(context: BrowserContext, url: string, selector: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
  const ms = await page.evaluate(() => performance.now());
  await page.close();
  return ms;
}

export async function runWeb(base: string, opts: { username: string; repeats: number }): Promise<WebResult> {
  ensureWebBuilt();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    // 1. Sign in through the page, as a person would, recording every script each page loads.
    const context = await newContext(browser);
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname.endsWith('.js') && !scripts.includes(u.pathname)) scripts.push(u.pathname);
    });
    await page.goto(`${base}/login`);
    await page.locator('#login-username').waitFor({ state: 'visible', timeout: 60_000 });
    const loginJs = [...scripts];
    await page.locator('#login-username').fill(opts.username);
    await page.locator('#login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    const stat = page.getByTestId('stat-officials');
    await stat.waitFor({ state: 'visible', timeout: 120_000 });
    const dashboardFigure = (await stat.innerText().catch(() => null))?.replace(/\s+/g, ' ') ?? null;
    const dashboardJs = scripts.filter((s) => !loginJs.includes(s));
    const cookies = await context.cookies();
    await context.close();

    // 2. The dashboard from a cold cache, signed in, and a blank page: each `repeats` times.
    const renderMs: number[] = [];
    const blankMs: number[] = [];
    for (let i = 0; i < opts.repeats; i++) {
      const c = await newContext(browser);
      await c.addCookies(cookies);
      renderMs.push(await timeTo(c, `${base}/`, '[data-testid="stat-officials"]'));
      await c.close();
      const b = await newContext(browser);
      blankMs.push(await timeTo(b, `${base}/bench/blank`, '#ready'));
      await b.close();
    }

    const first = [...loginJs, ...dashboardJs];
    const sum = (list: string[], k: 'raw' | 'gzip') => list.reduce((n, p) => n + (fs.existsSync(path.join(WEB_ROOT, p)) ? sizeOf(p)[k] : 0), 0);
    return {
      loginJs,
      dashboardJs,
      firstLoadGzip: sum(first, 'gzip'),
      firstLoadRaw: sum(first, 'raw'),
      allGzip: sum(allJs(), 'gzip'),
      renderMs,
      blankMs,
      dashboardFigure,
    };
  } finally {
    await browser.close();
  }
}

export { median };
