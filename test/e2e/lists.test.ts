// Lists end to end: server-side sorting and .xlsx export of the warnings inbox, the account list and the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { launchBrowser, newPage, settle, shot, signIn, startServer, type TestServer } from './helpers';

let server: TestServer;
let browser: Browser;
const pages: Page[] = [];

async function open(lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const p = await newPage(browser, lang);
  pages.push(p);
  return p;
}

/** The first sheet of a downloaded workbook: rows of cell text, header first. */
async function sheetRows(download: Download): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return rows;
}

/** Clicks the export button and waits for the file. */
async function exportFile(page: Page, testId: string): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  return download;
}

const totalOf = async (page: Page) => Number(((await page.locator('.ant-pagination-total-text').innerText()).match(/\d+/) ?? ['0'])[0]);

/**
 * Clicks a column header and waits for the list request with that sort (antd cycles ascending → descending → none;
 * with none the request carries no sort and the server's default order applies).
 */
async function sortBy(page: Page, table: string, title: string, api: string, sort: string | null, order: 'asc' | 'desc' | null): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === api && u.searchParams.get('sort') === sort && u.searchParams.get('order') === order && r.ok();
    }),
    page.getByTestId(table).locator('thead th', { hasText: title }).first().click(),
  ]);
  await settle(page);
}

/** Before a screenshot: back to the top, pointer off the table, no tooltip or dropdown left open. */
async function tidy(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(5, 890);
  await expect.poll(() => page.locator('.ant-tooltip:not(.ant-tooltip-hidden), .ant-select-dropdown:not(.ant-select-dropdown-hidden)').count()).toBe(0);
}

/** True when a table's body is no wider than its container (all columns visible without scrolling). */
async function fitsWidth(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).locator('.ant-table-content').evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
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

describe('warnings inbox (supervisor)', () => {
  it('sorts by severity on the server and exports the sorted, filtered inbox', async () => {
    const page = await open();
    await signIn(page, server.url, 'supervisor');
    await page.goto(`${server.url}/warnings`);
    // The demo data holds no warnings until the rules run.
    await page.getByTestId('run-rules').click();
    await expect.poll(() => page.getByTestId('run-result').innerText(), { timeout: 60_000 }).toMatch(/运行完成/);
    const table = page.getByTestId('warnings-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);

    const rank: Record<string, number> = { red: 0, yellow: 1, blue: 2 };
    const severities = async () => (await table.locator('tbody tr.ant-table-row [data-severity]').evaluateAll((els) => els.map((e) => e.getAttribute('data-severity') ?? ''))).map((s) => rank[s]);
    const isSorted = (xs: number[], dir: 1 | -1) => xs.every((x, i) => i === 0 || (x - xs[i - 1]) * dir >= 0);

    // Ascending: red first. The header shows the order.
    await sortBy(page, 'warnings-table', '等级', '/api/warnings', 'severity', 'asc');
    const asc = await severities();
    expect(asc.length).toBeGreaterThan(0);
    expect(isSorted(asc, 1)).toBe(true);
    expect(await table.locator('thead th[aria-sort=ascending]').innerText()).toContain('等级');
    // Descending: the reverse.
    await sortBy(page, 'warnings-table', '等级', '/api/warnings', 'severity', 'desc');
    const desc = await severities();
    expect(isSorted(desc, -1)).toBe(true);
    expect(desc[0]).toBeGreaterThanOrEqual(asc[0]);
    // A third click drops the sort (the server's default: newest first), a fourth sorts ascending again.
    await sortBy(page, 'warnings-table', '等级', '/api/warnings', null, null);
    expect(await table.locator('thead th[aria-sort]').count()).toBe(0);
    await sortBy(page, 'warnings-table', '等级', '/api/warnings', 'severity', 'asc');
    // Ten a page, so that the export must hold more than the page shown.
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).searchParams.get('pageSize') === '10' && new URL(r.url()).searchParams.get('sort') === 'severity'),
      (async () => {
        await page.locator('.ant-pagination-options .ant-select').click();
        await page.locator('.ant-select-item-option', { hasText: '10 条/页' }).click();
      })(),
    ]);
    await settle(page);
    await tidy(page);
    expect(await fitsWidth(page, 'warnings-table')).toBe(true);
    await shot(page, 'lists-warnings-by-severity');

    // The export holds every row of the list (not just the page), in the same order.
    const total = await totalOf(page);
    expect(total).toBeGreaterThan(0);
    const titles = async () => (await table.getByTestId('warning-title').allInnerTexts()).map((s) => s.trim());
    const firstPage = await titles();
    expect(firstPage.length).toBe(Math.min(10, total));
    let secondPage: string[] = [];
    if (total > 10) {
      // Paging keeps the sort.
      await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).searchParams.get('page') === '2' && new URL(r.url()).searchParams.get('sort') === 'severity'),
        page.locator('.ant-pagination-item-2').click(),
      ]);
      await settle(page);
      secondPage = await titles();
      expect(isSorted(await severities(), 1)).toBe(true);
    }
    const download = await exportFile(page, 'warnings-export');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const rows = await sheetRows(download);
    expect(rows[0]).toEqual([
      '等级 Severity', '预警事项 Warning', '规则 Rule', '单位 Organization', '预警时间 Raised', '状态 Status', '承办人 Assignee', '办理情况 Resolution', '依据 Basis',
    ]);
    expect(rows.length - 1).toBe(total);
    const zhRank: Record<string, number> = { 红: 0, 黄: 1, 蓝: 2 };
    expect(isSorted(rows.slice(1).map((r) => zhRank[r[0]]), 1)).toBe(true);
    expect(rows.slice(1, 1 + firstPage.length).map((r) => r[1])).toEqual(firstPage);
    expect(rows.slice(11, 11 + secondPage.length).map((r) => r[1])).toEqual(secondPage);

    // A filter narrows the export as it narrows the table.
    await page.getByTestId('count-open').click();
    await expect.poll(async () => (await table.locator('tbody tr.ant-table-row').allInnerTexts()).every((r) => r.includes('待处置'))).toBe(true);
    const openTotal = await totalOf(page);
    const filtered = await sheetRows(await exportFile(page, 'warnings-export'));
    expect(filtered.length - 1).toBe(openTotal);
    expect(filtered.slice(1).every((r) => r[5] === '待处置')).toBe(true);
  });

  it('keeps the export button beside the filters in English', async () => {
    const page = await open('en');
    await signIn(page, server.url, 'supervisor');
    await page.goto(`${server.url}/warnings`);
    await expect.poll(() => page.getByTestId('warnings-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('warnings-export').innerText()).toContain('Export');
    await settle(page);
    expect(await fitsWidth(page, 'warnings-table')).toBe(true);
    await shot(page, 'lists-warnings-en');
  });
});

describe('audit log (audit administrator)', () => {
  it('exports the log filtered by action', async () => {
    const page = await open();
    await signIn(page, server.url, 'admin.audit');
    await page.waitForURL(/\/admin\/audit$/);
    const table = page.getByTestId('audit-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await page.getByLabel('操作', { exact: true }).fill('auth.login');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(async () => {
      const actions = await table.locator('tbody tr.ant-table-row td:nth-child(5)').allInnerTexts();
      return actions.length > 0 && actions.every((a) => a.trim() === 'auth.login');
    }).toBe(true);
    const shown = (await table.locator('tbody tr.ant-table-row td:nth-child(2)').allInnerTexts()).map(Number);
    await tidy(page);
    await shot(page, 'lists-audit-filtered');

    const download = await exportFile(page, 'audit-export');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const rows = await sheetRows(download);
    expect(rows[0]).toEqual([
      '序号 Seq', '时间 Time (UTC)', '操作人 Actor', '操作 Action', '对象类型 Target type', '对象 Target', '结果 Outcome', 'IP', '详情 Detail', '行哈希 Row hash',
    ]);
    const body = rows.slice(1);
    expect(body.length).toBeGreaterThanOrEqual(shown.length);
    expect(body.filter((r) => r[3] !== 'auth.login')).toEqual([]);
    // Newest first, and the same rows as the first page of the table.
    const seqs = body.map((r) => Number(r[0]));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(seqs.slice(0, shown.length)).toEqual(shown);
  });
});

describe('user accounts (system administrator)', () => {
  it('sorts by username descending on the server and exports in that order', async () => {
    const page = await open();
    await signIn(page, server.url, 'admin.sys');
    await page.goto(`${server.url}/admin/users`);
    const table = page.getByTestId('users-table');
    await expect.poll(() => table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(3);
    const usernames = async () => (await table.locator('tbody tr.ant-table-row td:nth-child(1)').allInnerTexts()).map((s) => s.trim());
    const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

    // First click ascends, the second descends.
    await sortBy(page, 'users-table', '用户名', '/api/users', 'username', 'asc');
    const asc = await usernames();
    expect(asc).toEqual([...asc].sort(byCodePoint));
    await sortBy(page, 'users-table', '用户名', '/api/users', 'username', 'desc');
    const desc = await usernames();
    expect(desc.length).toBeGreaterThan(3);
    expect(desc).toEqual([...desc].sort(byCodePoint).reverse());
    expect(desc[0]).not.toBe(asc[0]);
    expect(await table.locator('thead th[aria-sort=descending]').innerText()).toContain('用户名');
    await tidy(page);
    await shot(page, 'lists-users-desc');

    const total = await totalOf(page);
    const rows = await sheetRows(await exportFile(page, 'users-export'));
    expect(rows[0].slice(0, 2)).toEqual(['用户名 Username', '姓名 Name']);
    expect(rows.length - 1).toBe(total);
    expect(rows.slice(1, 1 + desc.length).map((r) => r[0])).toEqual(desc);
  });
});
