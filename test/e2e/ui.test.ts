// The web UI end to end: sign-in, organization tree, officials, language switch, scope, audit log, warnings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, settle, shot, signIn, startServer, type TestServer } from './helpers';

let server: TestServer;
let browser: Browser;
const pages: Page[] = [];

async function open(lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const p = await newPage(browser, lang);
  pages.push(p);
  return p;
}

async function menuTexts(page: Page): Promise<string[]> {
  return page.getByTestId('side-menu').locator('.ant-menu-title-content').allInnerTexts();
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.context().close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('sign-in', () => {
  it('rejects a wrong password and locks the account after repeated failures', async () => {
    const page = await open();
    await page.goto(`${server.url}/login`);
    await expect.poll(() => page.locator('body').innerText()).toContain('监督 · 领导班子和一把手监督平台');
    await page.locator('#login-username').fill('casemgr');
    await page.locator('#login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-alert').innerText()).toContain('用户名或密码错误');
    // Lockout after five failures (the first one above counts).
    for (let i = 0; i < 4; i++) {
      await page.locator('#login-password').fill('not-the-password');
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/login')), page.getByTestId('login-submit').click()]);
    }
    await expect.poll(() => page.getByTestId('login-alert').innerText()).toContain('账号已被锁定');
    // Even the right password is refused while locked.
    await page.locator('#login-password').fill('Jiandu@2026');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/auth/login')), page.getByTestId('login-submit').click()]);
    await expect.poll(() => page.getByTestId('login-alert').innerText()).toContain('账号已被锁定');
    expect(page.url()).toContain('/login');
    await shot(page, 'login-locked');
  });

  it('security admin sees the locked account and unlocks it', async () => {
    const page = await open();
    await signIn(page, server.url, 'admin.sec');
    expect(await menuTexts(page)).toEqual(expect.arrayContaining(['用户与权限']));
    expect(await menuTexts(page)).not.toContain('审计日志');
    await page.goto(`${server.url}/admin/users`);
    const row = page.getByTestId('users-table').locator('tr', { hasText: 'casemgr' });
    await expect.poll(() => row.innerText()).toContain('已锁定');
    await shot(page, 'users-locked');
    await row.getByRole('button', { name: /解锁/ }).click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('已解锁');
    await expect.poll(() => row.innerText()).not.toContain('已锁定');
    // The role catalogue shows the permission matrix.
    await page.getByRole('tab', { name: '角色权限' }).click();
    const matrix = page.getByTestId('role-matrix');
    await expect.poll(() => matrix.innerText()).toContain('audit.read');
    expect(await matrix.locator('thead th').allInnerTexts()).toEqual(expect.arrayContaining(['安全审计员', '监督检查人员']));
  });
});

describe('supervisor (province)', () => {
  let page: Page;

  it('signs in and sees the dashboard and only the permitted modules', async () => {
    page = await open();
    await signIn(page, server.url, 'supervisor');
    await expect.poll(() => page.getByTestId('product-name').innerText()).toBe('监督 · 领导班子和一把手监督平台');
    expect(await page.getByTestId('user-name').innerText()).toBe('省纪委监委监督检查室');
    const menu = await menuTexts(page);
    expect(menu).toEqual(['首页', '组织机构', '领导干部', '预警处置', '谈话函询', '监督台账']);
    await expect.poll(() => page.getByTestId('stat-officials').innerText()).toMatch(/[1-9]/);
    const officials = Number((await page.getByTestId('stat-officials').locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''));
    expect(officials).toBeGreaterThan(1000);
    await settle(page);
    await expect.poll(() => page.locator('[data-testid=echart] canvas').count()).toBeGreaterThan(0);
    await shot(page, 'supervisor-home');
  });

  it('opens the organization tree and a leadership team with its 一把手', async () => {
    await page.getByTestId('side-menu').getByText('组织机构').click();
    const tree = page.getByTestId('org-tree');
    await expect.poll(() => tree.innerText()).toContain('示范省');
    await tree.getByText('中共示范省委', { exact: true }).click();
    await expect.poll(() => page.getByTestId('org-name').innerText()).toBe('中共示范省委');
    expect(await page.getByTestId('org-breadcrumb').innerText()).toContain('示范省');
    const team = page.getByTestId('team-table');
    await expect.poll(() => team.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(2);
    const principalRows = team.locator('tbody tr.ant-table-row', { hasText: '一把手' });
    expect(await principalRows.count()).toBe(1);
    expect(await principalRows.innerText()).toContain('书记');
    await shot(page, 'supervisor-org-team');
    // The search box finds organizations anywhere in scope.
    await page.getByTestId('org-search').locator('input').fill('临江县');
    await expect.poll(() => page.locator('.ant-list-item').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('临江县')]));
    await page.getByTestId('org-search').locator('input').fill('');
    // Follow the 一把手 to the official's page.
    await principalRows.locator('a').first().click();
    await page.waitForURL(/\/officials\/[^/]+$/);
    await expect.poll(() => page.getByTestId('official-name').innerText()).not.toBe('');
    await expect.poll(() => page.getByTestId('posts-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('posts-table').innerText()).toContain('一把手');
    // The ID number is masked, and a supervisor has no reveal button.
    expect(await page.getByTestId('id-number').innerText()).toMatch(/\*{4,}/);
    expect(await page.getByTestId('reveal-id').count()).toBe(0);
    await shot(page, 'supervisor-official');
  });

  it('switches the language to English and back', async () => {
    await page.getByTestId('lang-switch').getByText('EN', { exact: true }).click();
    await expect.poll(() => menuTexts(page)).toEqual(['Home', 'Organizations', 'Officials', 'Warnings', 'Talks & inquiries', 'Supervision ledger']);
    await expect.poll(() => page.locator('body').innerText()).toContain('Posts');
    const body = await page.locator('body').innerText();
    expect(body).toContain('Profile');
    expect(body).toContain('Family');
    expect(body).toContain('Principal');
    expect(await page.getByTestId('product-name').innerText()).toBe('Jiandu · Supervision of leaders');
    await shot(page, 'supervisor-official-en');
    // The choice survives a reload.
    await page.reload();
    await expect.poll(() => menuTexts(page)).toEqual(['Home', 'Organizations', 'Officials', 'Warnings', 'Talks & inquiries', 'Supervision ledger']);
    await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click();
    await expect.poll(() => menuTexts(page)).toEqual(['首页', '组织机构', '领导干部', '预警处置', '谈话函询', '监督台账']);
  });

  it('filters the officials list to principals and exports it', async () => {
    await page.goto(`${server.url}/officials`);
    const table = page.getByTestId('officials-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBe(20);
    const totalText = async () => Number(((await page.locator('.ant-pagination-total-text').innerText()).match(/\d+/) ?? ['0'])[0]);
    const all = await totalText();
    await page.getByTestId('principal-only').click();
    await expect.poll(totalText).toBeLessThan(all);
    const rows = await table.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain('一把手');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await shot(page, 'supervisor-officials-principals');
  });

  it('runs the warning rules and shows the tenure warnings', async () => {
    await page.goto(`${server.url}/warnings`);
    await page.getByTestId('run-rules').click();
    const result = page.getByTestId('run-result');
    await expect.poll(() => result.innerText(), { timeout: 60_000 }).toMatch(/运行完成：检查 \d+ 项，新增预警 \d+ 条/);
    const checked = Number((await result.innerText()).match(/检查 (\d+) 项/)![1]);
    expect(checked).toBeGreaterThan(0);
    // Many modules' rules raise warnings now: show the tenure rule's only.
    await page.locator('.ant-select').filter({ hasText: '规则' }).first().click();
    await page.locator('.ant-select-item-option', { hasText: '一把手在关键岗位任职时间过长' }).first().click();
    const table = page.getByTestId('warnings-table');
    await expect.poll(async () => (await table.locator('tbody tr.ant-table-row').allInnerTexts()).every((r) => r.includes('一把手在关键岗位任职时间过长'))).toBe(true);
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    const rows = await table.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(rows.some((r) => r.includes('一把手在关键岗位任职时间过长'))).toBe(true);
    // Every tenure warning names the years served.
    expect(rows.filter((r) => !/已\d+年/.test(r))).toEqual([]);
    const open = Number((await page.getByTestId('count-open').locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''));
    expect(open).toBeGreaterThan(0);
    expect(await page.locator('.ant-pagination-total-text').innerText()).toContain(`共 ${open} 条`);
    expect(await page.locator('[data-testid=echart] canvas').count()).toBeGreaterThan(0);
    await shot(page, 'supervisor-warnings');
    // The drawer shows the basis and links to the official.
    await table.getByTestId('warning-title').first().click();
    const drawer = page.locator('.ant-drawer').filter({ has: page.getByTestId('warning-basis') });
    await expect.poll(async () => (await page.getByTestId('warning-basis').innerText()).trim().length).toBeGreaterThan(5);
    expect(await drawer.locator('a[href^="/officials/"]').count()).toBeGreaterThan(0);
    // Dismissing needs a reason.
    await drawer.getByRole('button', { name: /排\s*除/ }).click();
    await expect.poll(() => drawer.innerText()).toContain('此项为必填项');
    await drawer.getByPlaceholder('排除理由').fill('已按规定轮岗，数据待更新');
    await drawer.getByRole('button', { name: /排\s*除/ }).click();
    await expect.poll(() => drawer.innerText()).toContain('已排除');
    await page.screenshot({ path: `${process.cwd()}/test-results/e2e/supervisor-warning-dismissed.png` });
    await page.keyboard.press('Escape');
    await expect.poll(async () => Number((await page.getByTestId('count-dismissed').locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''))).toBe(1);
  });

  it('lowers a rule threshold and raises more warnings', async () => {
    await page.goto(`${server.url}/warnings`);
    const openCount = async () => Number((await page.getByTestId('count-open').locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''));
    await expect.poll(openCount).toBeGreaterThan(0);
    const before = await openCount();
    await page.getByRole('tab', { name: '预警规则' }).click();
    const rules = page.getByTestId('rules-table');
    await expect.poll(() => rules.innerText()).toContain('任职年限（年）: 5');
    await rules.getByRole('button', { name: /编\s*辑/ }).first().click();
    const modal = page.locator('.ant-modal').filter({ hasText: '配置规则' });
    await modal.getByLabel('任职年限（年）').fill('3');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.locator('.ant-message').innerText()).toContain('规则已保存');
    await expect.poll(() => rules.innerText()).toContain('任职年限（年）: 3');
    await shot(page, 'supervisor-rules');
    await page.getByTestId('run-rules').click();
    await expect.poll(() => page.getByTestId('run-result').innerText(), { timeout: 60_000 }).toMatch(/运行完成/);
    const raised = Number((await page.getByTestId('run-result').innerText()).match(/新增预警 (\d+) 条/)![1]);
    expect(raised).toBeGreaterThan(0);
    await page.getByRole('tab', { name: '预警列表' }).click();
    await expect.poll(openCount).toBe(before + raised);
  });
});

describe('county supervisor', () => {
  it('sees only the county in the organization tree', async () => {
    const page = await open();
    await signIn(page, server.url, 'county.supervisor');
    await page.goto(`${server.url}/orgs`);
    const tree = page.getByTestId('org-tree');
    await expect.poll(() => tree.innerText()).toContain('临江县');
    const topLevel = await tree.locator('.ant-tree-treenode:not(:has(.ant-tree-indent-unit))').allInnerTexts();
    expect(topLevel.map((s) => s.trim())).toEqual(['临江县']);
    const text = await tree.innerText();
    expect(text).not.toContain('示范省');
    expect(text).not.toContain('青川市');
    const roots = await page.evaluate(async () => (await (await fetch('/api/orgs/tree', { credentials: 'same-origin' })).json()) as { nodes: { name: string }[] });
    expect(roots.nodes.map((n) => n.name)).toEqual(['临江县']);
    // The officials list holds only people in the county.
    await page.goto(`${server.url}/officials`);
    const table = page.getByTestId('officials-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    const orgs = await table.locator('tbody tr.ant-table-row td:nth-child(4)').allInnerTexts();
    for (const o of orgs) expect(o).toMatch(/临江|镇|乡/);
    await page.goto(`${server.url}/orgs`);
    await expect.poll(() => page.getByTestId('org-tree').innerText()).toContain('临江县');
    await shot(page, 'county-orgs');
  });
});

describe('audit administrator', () => {
  it('sees only the audit log, reads it and verifies the chain', async () => {
    const page = await open();
    await signIn(page, server.url, 'admin.audit');
    await page.waitForURL(/\/admin\/audit$/);
    expect(await menuTexts(page)).toEqual(['系统管理', '审计日志']);
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(3);
    const text = await table.innerText();
    expect(text).toContain('auth.login');
    // Rows come newest first.
    const seqs = (await table.locator('tbody tr.ant-table-row td:nth-child(2)').allInnerTexts()).map(Number);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    await page.getByTestId('verify-chain').click();
    await expect.poll(() => page.getByTestId('verify-result').innerText()).toMatch(/审计链完整：已校验 \d+ 条记录/);
    const checked = Number((await page.getByTestId('verify-result').innerText()).match(/已校验 (\d+) 条/)![1]);
    expect(checked).toBeGreaterThanOrEqual(seqs.length);
    // Filter by action.
    await page.getByLabel('操作', { exact: true }).fill('auth.login');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(async () => {
      const actions = await table.locator('tbody tr.ant-table-row td:nth-child(5)').allInnerTexts();
      return actions.length > 0 && actions.every((a) => a.trim() === 'auth.login');
    }).toBe(true);
    await shot(page, 'audit-log');
    // A signed checkpoint, exported and checked again.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出检查点' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^jiandu-audit-checkpoint-\d+\.json$/);
    const file = await download.path();
    await page.locator('input[type=file][accept*=json]').setInputFiles(file);
    await expect.poll(() => page.locator('.ant-alert').filter({ hasText: '检查点校验结果' }).innerText()).toMatch(/签名有效\s*[:：]?\s*是/);
    expect(await page.locator('.ant-alert').filter({ hasText: '检查点校验结果' }).innerText()).toMatch(/链与检查点一致\s*[:：]?\s*是/);
    // The audit admin cannot open business pages.
    await page.goto(`${server.url}/officials`);
    await expect.poll(() => page.locator('body').innerText()).toContain('您没有执行此操作的权限');
  });
});
