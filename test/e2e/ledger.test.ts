// The ledger end to end: the province imports a measures document, hands a task down to 临江县财政局,
// the unit reports progress with evidence, the province reviews it, and the dashboard's completion moves.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, newPage, settle, shot, signIn, startServer, type TestServer } from './helpers';

let server: TestServer;
let browser: Browser;
let dir: string;
const pages: Page[] = [];
// Unique per attempt, so that a retried walk does not meet the first attempt's items.
let RUN = '';
let TASK = '';
let DOC = '';

async function open(): Promise<Page> {
  const p = await newPage(browser, 'zh');
  pages.push(p);
  return p;
}

/** Chooses an organization in an OrgPicker by typing part of its name. */
async function pickOrg(page: Page, picker: Locator, name: string) {
  await picker.click();
  await picker.locator('input').fill(name);
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree-title', { hasText: name }).first();
  await option.waitFor();
  await option.click();
}

async function completion(page: Page): Promise<string> {
  await settle(page);
  return (await page.getByTestId('total-completion').innerText()).trim();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jiandu-e2e-ledger-'));
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of pages) await p.context().close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('supervision ledger walk', () => {
  it('imports a document, hands a task down, reports as the unit, reviews as the owner, and the dashboard changes', async () => {
    RUN = Date.now().toString(36).slice(-5);
    TASK = `端到端测试任务${RUN}：建立谈话记录台账`;
    DOC = `端到端测试措施${RUN}`;
    // ---- the province imports a document from the template's columns
    const province = await open();
    await signIn(province, server.url, 'supervisor');
    await province.goto(`${server.url}/ledger`);
    await settle(province);
    await shot(province, 'ledger-tree');
    await province.getByTestId('ledger-import').click();
    const modal = province.locator('.ant-modal').filter({ hasText: '导入任务清单' });
    await modal.getByTestId('import-title').fill(DOC);
    await pickOrg(province, modal.locator('.ant-select').filter({ has: province.locator('#import-org') }).first(), '示范省纪委监委');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任务清单');
    ws.addRow(['编号', '层级', '标题', '内容', '牵头单位', '配合单位', '责任人', '完成时限', '报告周期', '预期成效', '衡量方式', '佐证材料']);
    ws.addRow(['1', '领域', '端到端测试领域', '', '示范省纪委监委', '', '', '', '', '', '', '']);
    ws.addRow(['1.1', '措施', '端到端测试措施', '', '示范省纪委监委', '', '', '', '', '', '', '']);
    ws.addRow(['1.1.1', '任务', TASK, '', '示范省纪委监委', '', '张三', '2099-12-31', '按季', '谈话记录全覆盖', '覆盖率', '台账']);
    const file = join(dir, 'measures.xlsx');
    await wb.xlsx.writeFile(file);
    await modal.locator('input[type=file]').setInputFiles(file);
    await expect.poll(() => modal.getByTestId('import-success').innerText()).toContain('已导入 3 个事项');
    await shot(province, 'ledger-import');
    await modal.getByRole('button', { name: /关\s*闭/ }).first().click();

    // ---- the dashboard for the new document, before anything is reported
    await province.goto(`${server.url}/ledger/dashboard`);
    await settle(province);
    await province.getByTestId('ledger-document').click();
    await province.locator('.ant-select-item-option', { hasText: DOC }).first().click();
    await expect.poll(() => completion(province)).toBe('0%');

    // ---- open the task and hand it down to the county's finance bureau
    await province.goto(`${server.url}/ledger?q=${encodeURIComponent(`端到端测试任务${RUN}`)}`);
    await province.getByRole('link', { name: TASK }).first().click();
    await province.getByTestId('assign-button').click();
    const assign = province.locator('.ant-modal').filter({ hasText: '将事项下发至下级单位' });
    await pickOrg(province, assign.locator('.ant-select').first(), '临江县财政局');
    await assign.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => province.locator('body').innerText()).toContain('下发至临江县财政局');
    await shot(province, 'ledger-item-handed-down');

    // ---- the unit reports progress with evidence
    const unit = await open();
    await signIn(unit, server.url, 'unit.reporter');
    await unit.goto(`${server.url}/ledger?q=${encodeURIComponent(`端到端测试任务${RUN}`)}`);
    await unit.getByRole('link', { name: TASK }).first().click();
    await unit.getByTestId('report-form').waitFor();
    await unit.getByTestId('report-text').fill('已建立谈话记录台账，覆盖全部班子成员。');
    await unit.locator('[data-testid=report-progress] input, input[data-testid=report-progress]').first().fill('100');
    await unit.getByTestId('report-completes').check();
    const evidence = join(dir, '谈话记录.txt');
    writeFileSync(evidence, '谈话记录台账：共 12 人次。');
    await unit.getByTestId('report-form').locator('input[type=file]').setInputFiles(evidence);
    await unit.getByTestId('report-submit').click();
    await expect.poll(() => unit.getByTestId('report-v1').innerText()).toContain('待审核');
    expect(await unit.getByTestId('report-v1').innerText()).toContain('谈话记录.txt');
    await shot(unit, 'ledger-unit-report');

    // ---- the owner reviews it from the queue
    await province.goto(`${server.url}/ledger/reviews`);
    await settle(province);
    const row = province.getByTestId('review-table').locator('tr', { hasText: TASK });
    await shot(province, 'ledger-reviews');
    await row.getByRole('button', { name: /通\s*过/ }).click();
    await expect.poll(() => province.getByTestId('review-table').locator('tr', { hasText: TASK }).count()).toBe(0);

    // ---- the dashboard shows the document done
    await province.goto(`${server.url}/ledger/dashboard`);
    await settle(province);
    await province.getByTestId('ledger-document').click();
    await province.locator('.ant-select-item-option', { hasText: DOC }).first().click();
    await expect.poll(() => completion(province)).toBe('100%');
    await shot(province, 'ledger-dashboard-doc');
    await province.goto(`${server.url}/ledger/dashboard`);
    await settle(province);
    await shot(province, 'ledger-dashboard');

    // ---- the roll-up table sorts on the server: least complete first, then most complete first
    const table = province.getByTestId('rollup-table');
    const completions = async () => (await table.locator('tbody .ant-progress-indicator').allInnerTexts()).map((v) => parseFloat(v));
    const header = table.locator('th', { hasText: '完成率' });
    await header.click();
    await expect.poll(async () => { const v = await completions(); return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] <= x); }).toBe(true);
    const ascending = await completions();
    await header.click();
    await expect.poll(async () => { const v = await completions(); return v.length > 1 && v.every((x, i) => i === 0 || v[i - 1] >= x) && v[0] > ascending[0]; }).toBe(true);
    await shot(province, 'ledger-rollup-sorted');
  }, 300_000);

  it('shows the dispatch view and the 一单一书 the unit signs for', async () => {
    const province = await open();
    await signIn(province, server.url, 'supervisor');
    await province.goto(`${server.url}/ledger/dispatch`);
    await settle(province);
    await expect.poll(() => province.getByTestId('dispatch-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await shot(province, 'ledger-dispatch');

    const unit = await open();
    await signIn(unit, server.url, 'unit.reporter');
    await unit.goto(`${server.url}/ledger/charters`);
    await settle(unit);
    const sign = unit.getByTestId('charter-table').getByRole('button', { name: /签\s*收/ }).first();
    await sign.click();
    await unit.getByTestId('signed-name').fill('王局长');
    await unit.locator('.ant-modal').getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => unit.getByTestId('charter-table').innerText()).toContain('已签收 · 王局长');
    await shot(unit, 'ledger-charters');
  });
});
