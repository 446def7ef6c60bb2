// Forms end to end: TOTP enrolment and sign-in with a code, officials import (error report and success),
// creating and editing an organization, and the redirect to sign-in when the session is gone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, launchBrowser, newPage, settle, shot, signIn, startServer, type TestServer } from './helpers';

let server: TestServer;
let browser: Browser;
let dir: string;
const pages: Page[] = [];

async function open(): Promise<Page> {
  const p = await newPage(browser, 'zh');
  pages.push(p);
  return p;
}

const HEADER = ['姓名', '性别', '出生日期', '民族', '学历', '身份证号', '任职单位', '职务', '职级', '分管工作', '班子成员', '一把手', '关键岗位', '任职开始', '任职结束'];

async function workbook(name: string, rows: unknown[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('干部及任职');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jiandu-e2e-files-'));
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.context().close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('two-factor sign-in', () => {
  it('enrols a TOTP secret and then asks for a code at sign-in', async () => {
    const page = await open();
    await signIn(page, server.url, 'admin.sys');
    await page.getByTestId('user-box').hover();
    await page.getByText('设置双因素认证').click();
    await page.waitForURL(/\/totp-setup$/);
    const uri = (await page.getByTestId('totp-uri').innerText()).trim();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(uri).toContain(secret);
    await shot(page, 'totp-setup');
    const totp = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    const firstWindow = Math.floor(Date.now() / 1000 / totp.period);
    await page.getByLabel('验证码').fill(totp.generate());
    await page.getByRole('button', { name: /启\s*用/ }).click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('双因素认证已启用');
    await page.waitForURL((u) => !u.pathname.startsWith('/totp-setup'));

    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login$/);
    await page.locator('#login-username').fill('admin.sys');
    await page.locator('#login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-alert').innerText()).toContain('6 位动态验证码');
    expect(await page.locator('#login-totp').isVisible()).toBe(true);
    await shot(page, 'login-totp');
    // A code from a new time step (a used code may not be replayed).
    while (Math.floor(Date.now() / 1000 / totp.period) === firstWindow) await page.waitForTimeout(500);
    await page.locator('#login-totp').fill(totp.generate());
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('user-name').innerText()).toBe('系统管理员');
  });
});

describe('officials import', () => {
  it('shows the per-row error report, then imports a valid file', async () => {
    const page = await open();
    await signIn(page, server.url, 'orgdept');
    await page.goto(`${server.url}/officials`);
    await page.getByTestId('import-button').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '批量导入领导干部' });
    const bad = await workbook('bad.xlsx', [
      ['张三', '男', '1972-13-01', '汉族', '研究生', '', '临江县财政局', '党组书记、局长', '正科级', '', '是', '否', '是', '2021-03-01', ''],
      ['李四', 'X', '1980-01-01', '汉族', '本科', '', '临江县财政局', '科长', '', '', '否', '否', '否', '2020-01-01', ''],
    ]);
    await modal.locator('input[type=file]').setInputFiles(bad);
    const errors = modal.getByTestId('import-errors');
    await expect.poll(() => errors.locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(2);
    const rows = await errors.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(rows.some((r) => r.startsWith('2') && r.includes('出生日期'))).toBe(true);
    expect(rows.some((r) => r.startsWith('3') && r.includes('性别'))).toBe(true);
    expect(await modal.innerText()).toContain('未导入任何数据');
    await shot(page, 'import-errors');

    const good = await workbook('good.xlsx', [
      ['王测试', '男', '1975-05-01', '汉族', '研究生', '', '临江县财政局', '副局长', '副科级', '分管预算', '是', '否', '否', '2022-03-01', ''],
    ]);
    await modal.locator('input[type=file]').setInputFiles(good);
    await expect.poll(() => modal.getByTestId('import-success').innerText()).toContain('新增干部 1 名');
    await modal.getByRole('button', { name: /关\s*闭/ }).first().click();
    await page.getByTestId('official-q').locator('input').fill('王测试');
    await page.getByTestId('official-q').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('officials-table').locator('tbody tr.ant-table-row').allInnerTexts()).toEqual([expect.stringContaining('临江县财政局')]);
  });
});

describe('organizations', () => {
  it('adds a child organization and edits it', async () => {
    const page = await open();
    await signIn(page, server.url, 'orgdept');
    await page.goto(`${server.url}/orgs`);
    await page.getByTestId('org-search').locator('input').fill('临江县');
    await page.locator('.ant-list-item', { hasText: /^临江县\s*县级$/ }).first().click();
    await expect.poll(() => page.getByTestId('org-name').innerText()).toBe('临江县');
    await page.getByRole('button', { name: '新增下级组织' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新增下级组织' });
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => modal.innerText()).toContain('此项为必填项');
    await modal.getByLabel('名称').fill('临江县大数据中心');
    await modal.getByLabel('简称').fill('县数据中心');
    await shot(page, 'org-add');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('组织已创建');
    const children = page.getByTestId('children-table');
    await expect.poll(() => children.innerText()).toContain('临江县大数据中心');
    await children.getByText('临江县大数据中心').click();
    await expect.poll(() => page.getByTestId('org-name').innerText()).toBe('临江县大数据中心');
    expect(await page.getByTestId('org-breadcrumb').innerText()).toContain('临江县');
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    const edit = page.locator('.ant-modal').filter({ hasText: '编辑组织' });
    await edit.getByLabel('代码').fill('LJ-DATA');
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator('body').innerText()).toContain('LJ-DATA');
    // Back from the search results, the tree is open down to the new organization.
    await page.getByTestId('org-search').locator('input').fill('');
    await expect.poll(() => page.getByTestId('org-tree').innerText()).toContain('临江县大数据中心');
    await settle(page);
    await shot(page, 'org-created');
  });
});

describe('session', () => {
  it('sends the user to the sign-in page when the session is gone', async () => {
    const page = await open();
    await signIn(page, server.url, 'supervisor');
    await page.context().clearCookies();
    await page.getByTestId('side-menu').getByText('领导干部').click();
    await page.waitForURL(/\/login$/);
    await page.locator('#login-username').waitFor();
    // After signing in again the user lands where they were going.
    await page.locator('#login-username').fill('supervisor');
    await page.locator('#login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/officials$/);
    await expect.poll(() => page.getByTestId('officials-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
  });
});
