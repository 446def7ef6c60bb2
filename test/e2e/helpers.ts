// Shared helpers of the end-to-end tests: a fresh Jiandu server (temporary SQLite db and key file, demo data),
// Debian's Chromium through playwright-core, and signing in.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHOTS = join(ROOT, 'test-results', 'e2e');
export const PASSWORD = 'Jiandu@2026';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web UI when dist/web is missing or older than web/ (the server serves dist/web). */
export function ensureWebBuilt(): void {
  const index = join(ROOT, 'dist', 'web', 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'web')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  // NODE_ENV must be production here: vitest sets it to 'test', which would give React's development build.
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('vite build failed');
}

export interface TestServer {
  url: string;
  stop: () => Promise<void>;
  log: () => string;
}

/**
 * Starts `tsx src/cli/main.ts serve --demo` on a free port with a temporary database and key file.
 * With `{ demo: false }` it loads the demo data with `seed --scale demo` and serves without demo mode
 * (administrators must then enrol TOTP).
 */
export async function startServer(opts: { demo?: boolean } = {}): Promise<TestServer> {
  const demo = opts.demo ?? true;
  if (process.env.JIANDU_E2E_URL && demo) {
    return { url: process.env.JIANDU_E2E_URL.replace(/\/$/, ''), stop: async () => {}, log: () => '' };
  }
  ensureWebBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'jiandu-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${join(dir, 'jiandu.db')}`,
    JIANDU_KEY_FILE: join(dir, 'jiandu.key'),
    NODE_ENV: 'test',
  };
  let output = '';
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  if (!demo) {
    const s = spawnSync(tsx, ['src/cli/main.ts', 'seed', '--scale', 'demo'], { cwd: ROOT, env, encoding: 'utf8' });
    if (s.status !== 0) throw new Error(`seed failed:\n${s.stdout}\n${s.stderr}`);
  }
  const child: ChildProcess = spawn(tsx, ['src/cli/main.ts', 'serve', ...(demo ? ['--demo'] : [])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise<void>((res) => {
        const timer = setTimeout(() => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
          res();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          res();
        });
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return { url, stop, log: () => output };
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`server did not become healthy:\n${output}`);
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

export async function newPage(browser: Browser, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: lang === 'zh' ? 'zh-CN' : 'en-US', acceptDownloads: true });
  await ctx.addInitScript((l) => {
    if (!localStorage.getItem('jiandu.lang')) localStorage.setItem('jiandu.lang', l);
  }, lang);
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

/** Signs in through the form and waits for the signed-in layout. */
export async function signIn(page: Page, base: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until antd has no spinning loaders on the page. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0, undefined, { timeout: 20_000 }).catch(() => undefined);
}

/** A demo server and a browser for one test file (started before its tests, closed after them), and
 *  `as(username)`: a new signed-in page (closed with the rest). */
export function demoSession(): { readonly url: string; as(username: string, lang?: 'zh' | 'en'): Promise<Page> } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    for (const p of pages) await p.context().close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });
  return {
    get url() {
      return server!.url;
    },
    async as(username: string, lang: 'zh' | 'en' = 'zh') {
      const p = await newPage(browser!, lang);
      pages.push(p);
      await signIn(p, server!.url, username);
      return p;
    },
  };
}
