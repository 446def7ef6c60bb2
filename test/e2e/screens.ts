// A manual tool: screenshots of every page for a visual check.
//   JIANDU_E2E_URL=http://127.0.0.1:8099 SHOTS_DIR=/tmp/shots npx tsx test/e2e/screens.ts [zh|en]
// Without JIANDU_E2E_URL it starts its own server like the tests do.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, newPage, settle, signIn, startServer } from './helpers';

const lang = (process.argv[2] === 'en' ? 'en' : 'zh') as 'zh' | 'en';
const dir = process.env.SHOTS_DIR ?? '/tmp/shots';
mkdirSync(dir, { recursive: true });

async function snap(page: Page, name: string, fullPage = true) {
  await settle(page);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(dir, `${lang}-${name}.png`), fullPage });
  console.log(`${lang}-${name}.png  ${page.url()}`);
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const errors: string[] = [];
  const p0 = await newPage(browser, lang);
  p0.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  p0.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  await p0.goto(`${server.url}/login`);
  await snap(p0, 'login');

  await signIn(p0, server.url, 'supervisor');
  await snap(p0, 'home');
  await p0.goto(`${server.url}/orgs`);
  await settle(p0);
  await snap(p0, 'orgs-root');
  await p0.locator('.ant-tree-node-content-wrapper', { hasText: /^中共/ }).first().click();
  await snap(p0, 'orgs');
  await p0.goto(`${server.url}/officials`);
  await snap(p0, 'officials');
  await p0.locator('[data-testid=officials-table] tbody tr a').first().click();
  await snap(p0, 'official');
  await p0.goto(`${server.url}/warnings`);
  await snap(p0, 'warnings');
  await p0.locator('[data-testid=warning-title]').first().click();
  await snap(p0, 'warning-drawer', false);
  await p0.goto(`${server.url}/warnings`);
  await settle(p0);
  await p0.getByRole('tab').nth(1).click();
  await snap(p0, 'rules');

  const p1 = await newPage(browser, lang);
  p1.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await signIn(p1, server.url, 'admin.sys');
  await p1.goto(`${server.url}/admin/users`);
  await snap(p1, 'users');
  await p1.getByRole('tab').nth(1).click();
  await snap(p1, 'roles');

  const p4 = await newPage(browser, lang);
  await signIn(p4, server.url, 'orgdept');
  await p4.goto(`${server.url}/officials?principal=1`);
  await settle(p4);
  await snap(p4, 'officials-orgdept');
  await p4.locator('[data-testid=officials-table] tbody tr a').first().click();
  await settle(p4);
  await p4.getByTestId('reveal-id').click();
  await snap(p4, 'official-orgdept');
  await p4.getByRole('button', { name: /新增任职|Add post/ }).click();
  await snap(p4, 'official-addpost', false);

  const p2 = await newPage(browser, lang);
  await signIn(p2, server.url, 'admin.audit');
  await p2.goto(`${server.url}/admin/audit`);
  await snap(p2, 'audit');

  const p3 = await newPage(browser, lang);
  await signIn(p3, server.url, 'county.supervisor');
  await p3.goto(`${server.url}/orgs`);
  await snap(p3, 'county-orgs');

  if (errors.length) console.log(errors.join('\n'));
} finally {
  await browser.close();
  await server.stop();
}
