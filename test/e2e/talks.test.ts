// Talks and inquiries end to end: record a collective talk, import its attendee list (error report,
// then success), download its Word record; issue an inquiry, reply, sign (a bare "同意" refused),
// assess; see the coverage of team members change on the dashboard; record a supervision talk with its
// lead conductor picked in the form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, settle, shot, signIn, startServer, type TestServer } from './helpers';

let server: TestServer;
let browser: Browser;
let dir: string;
let page: Page;

interface CoverageRow { officialId: string; name: string; orgName: string; title: string }

async function api<T>(path: string): Promise<T> {
  return page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>;
}

async function attendeeBook(name: string, rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('参加人员');
  ws.addRow(['姓名', '单位', '身份证号后四位', '职务']);
  rows.forEach((r) => ws.addRow(r));
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

async function pick(p: Page, testId: string, text: string, search?: string) {
  const sel = p.getByTestId(testId).first();
  await sel.click();
  if (search) await sel.locator('input').fill(search);
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jiandu-e2e-talks-'));
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser, 'zh');
  await signIn(page, server.url, 'county.supervisor');
});

afterAll(async () => {
  await page?.context().close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('talks and inquiries', () => {
  let before: { covered: number; total: number };
  let uncovered: CoverageRow[];

  it('shows the coverage dashboard with charts', async () => {
    await page.goto(`${server.url}/talks/coverage`);
    await settle(page);
    await expect.poll(() => page.getByTestId('echart').count()).toBeGreaterThanOrEqual(4);
    const stats = await api<{ coverage: { members: { covered: number; total: number } } }>('/api/talks/stats');
    before = stats.coverage.members;
    await expect.poll(() => page.getByTestId('coverage-members').innerText()).toContain(`已谈 ${before.covered} / ${before.total} 人`);
    uncovered = (await api<{ items: CoverageRow[] }>('/api/talks/coverage?role=member&covered=0&pageSize=4')).items;
    expect(uncovered.length).toBe(4);
    await shot(page, 'talks-coverage-before');
  });

  it('records a collective talk and imports its attendees: the error report first, then the list', async () => {
    await page.goto(`${server.url}/talks`);
    await settle(page);
    await shot(page, 'talks-list');
    await page.getByTestId('new-talk').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新建谈话' });
    await pick(page, 'talk-type', '勤政廉政谈话');
    await modal.getByText('集体谈话', { exact: true }).click();
    await modal.getByTestId('talk-conductors').fill('县纪委书记、县委组织部部长');
    await modal.getByTestId('talk-topic').fill('新任职领导干部集体廉政谈话（端到端）');
    await shot(page, 'talk-form');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/talks\/[0-9a-f-]{36}$/);
    await settle(page);

    const bad = await attendeeBook('bad.xlsx', [[uncovered[0].name, uncovered[0].orgName, '', ''], ['查无此人', uncovered[1].orgName, '', ''], [uncovered[2].name, '不存在的单位', '', '']]);
    await page.locator('input[type=file]').setInputFiles(bad);
    const errors = page.getByTestId('attendee-errors');
    await expect.poll(() => errors.locator('tbody tr.ant-table-row').count()).toBe(2);
    const rows = await errors.locator('tbody tr.ant-table-row').allInnerTexts();
    expect(rows[0]).toMatch(/^3\s+姓名/);
    expect(rows[1]).toMatch(/^4\s+单位/);
    expect(await page.getByText('未导入任何人员').count()).toBeGreaterThan(0);
    await shot(page, 'talk-attendee-errors');

    const good = await attendeeBook('good.xlsx', uncovered.map((o) => [o.name, o.orgName, '', o.title]));
    await page.locator('input[type=file]').setInputFiles(good);
    await expect.poll(() => page.getByTestId('attendee-success').innerText()).toContain('已导入 4 人');
    await expect.poll(() => page.getByTestId('talk-subjects').locator('tbody tr.ant-table-row').count()).toBe(4);
    expect(await page.getByText('4 人集体谈话').count()).toBeGreaterThan(0);
    const download = page.waitForEvent('download');
    await page.getByTestId('talk-document').click();
    expect((await download).suggestedFilename()).toMatch(/勤政廉政谈话记录.*\.docx$/);
    await shot(page, 'talk-detail');
  });

  it('sees coverage of team members rise by the four attendees', async () => {
    await page.goto(`${server.url}/talks/coverage`);
    await settle(page);
    await expect.poll(() => page.getByTestId('coverage-members').innerText()).toContain(`已谈 ${before.covered + 4} / ${before.total} 人`);
    expect(await page.getByTestId('collective-count').allInnerTexts()).toContain('4 人集体谈话');
    await shot(page, 'talks-coverage-after');
  });

  it('walks an inquiry: issue, reply, the 一把手’s opinion (a bare 同意 refused), assessment', async () => {
    const member = (await api<{ items: CoverageRow[] }>('/api/talks/coverage?role=member&covered=0&pageSize=1')).items[0];
    await page.goto(`${server.url}/inquiries`);
    await settle(page);
    await page.getByTestId('new-inquiry').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '发出函询' });
    await pick(page, 'official-select', member.name, member.name);
    await modal.getByTestId('inquiry-matter').fill('反映其违规插手工程项目（端到端）');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/inquiries\/[0-9a-f-]{36}$/);
    await page.getByTestId('reply-form').waitFor();
    await shot(page, 'inquiry-issued');

    const reply = page.getByTestId('reply-form');
    await reply.getByLabel('回复内容').fill('本人未插手任何工程项目，有关情况说明如下……');
    await reply.getByRole('button', { name: '登记书面回复' }).click();
    const sign = page.getByTestId('sign-form');
    await sign.waitFor();
    await sign.getByLabel('签署人').fill('单位主要负责人');
    await sign.getByLabel('签署意见').fill('同意');
    await sign.getByRole('button', { name: '一把手签署意见' }).click();
    await expect.poll(() => sign.innerText()).toContain('不能一签了之：请就回复内容');
    await shot(page, 'inquiry-sign-refused');
    await sign.getByLabel('签署意见').fill('经向分管领域有关人员了解并核对项目资料，该同志说明属实，未发现插手情况');
    await sign.getByRole('button', { name: '一把手签署意见' }).click();
    const assess = page.getByTestId('assess-form');
    await assess.waitFor();
    await assess.getByText('予以采信').click();
    await assess.getByLabel('理由').fill('说明清楚，与掌握情况一致，予以采信');
    await assess.getByRole('button', { name: /评\s*估/ }).click();
    await expect.poll(() => page.getByTestId('inquiry-history').innerText()).toContain('予以采信');
    const history = await page.getByTestId('inquiry-history').innerText();
    for (const s of ['已发函', '已回复', '一把手已签署意见', '予以采信']) expect(history).toContain(s);
    await shot(page, 'inquiry-assessed');
  });

  it('records a supervision talk with its lead conductor (the higher 一把手) and shows the name on the record', async () => {
    interface Official { id: string; name: string; orgName: string; currentTitle: string | null }
    const principals = (await api<{ items: Official[] }>('/api/officials?principal=1&pageSize=100')).items;
    const lead = principals.find((o) => o.orgName.startsWith('中共') && o.currentTitle?.includes('书记')) ?? principals[0];
    const subject = principals.find((o) => o.id !== lead.id && !o.orgName.startsWith('中共'))!;
    await page.goto(`${server.url}/talks`);
    await settle(page);
    await page.getByTestId('new-talk').click();
    const modal = page.locator('.ant-modal').filter({ hasText: '新建谈话' });
    await pick(page, 'talk-type', '监督谈话');
    await modal.getByTestId('talk-conductors').fill(`${lead.currentTitle ?? ''}${lead.name}`);
    await modal.getByTestId('talk-topic').fill('年度监督谈话（端到端）');
    await pick(page, 'official-select', subject.name, subject.name);
    await pick(page, 'talk-lead-conductor', lead.name, lead.name);
    await expect.poll(() => modal.getByTestId('talk-lead-conductor').innerText()).toContain(lead.name);
    await modal.locator('.ant-modal-title').click(); // closes the dropdown
    expect(await modal.getByText('只有主持人在谈话当日任上级党组织').count()).toBe(1);
    await shot(page, 'talk-form-lead-conductor');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/talks\/[0-9a-f-]{36}$/);
    await settle(page);
    await expect.poll(() => page.getByTestId('talk-lead-conductor').innerText()).toBe(lead.name);
    expect(await page.getByText('主持人（上级一把手）').count()).toBeGreaterThan(0);
    const id = page.url().split('/').pop()!;
    expect(await api<{ leadConductorId: string }>(`/api/talks/${id}`)).toMatchObject({ leadConductorId: lead.id, leadConductorName: lead.name });
    await shot(page, 'talk-detail-lead-conductor');

    // Changed on the record page: another official in scope.
    const other = principals.find((o) => o.id !== lead.id && o.id !== subject.id)!;
    await page.getByTestId('edit-lead-conductor').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '主持人（上级一把手）' });
    await expect.poll(() => dialog.getByTestId('lead-conductor-edit').innerText()).toContain(lead.name);
    await pick(page, 'lead-conductor-edit', other.name, other.name);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(() => page.getByTestId('talk-lead-conductor').innerText()).toBe(other.name);
    expect(await api<{ leadConductorId: string }>(`/api/talks/${id}`)).toMatchObject({ leadConductorId: other.id });
  });

  it('shows talk types and the calendar', async () => {
    await page.goto(`${server.url}/talks/types`);
    await settle(page);
    expect(await page.locator('tbody tr.ant-table-row').count()).toBe(8);
    await shot(page, 'talk-types');
    await page.goto(`${server.url}/talks`);
    await page.getByRole('tab', { name: '谈话日历' }).click();
    await settle(page);
    await shot(page, 'talks-calendar');
  });
});
