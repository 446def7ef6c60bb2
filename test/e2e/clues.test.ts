// Clues end to end: a petition officer makes a clue of a demo report, a case manager proposes a
// disposal, the same case manager cannot approve it, a leader approves, the case manager concludes it
// under the four forms; then the board, the statistics, transfers and consultations are looked at.
import { describe, expect, it } from 'vitest';
import { demoSession, settle, shot } from './helpers';

const server = demoSession();
const as = server.as;

describe('clues', () => {
  let clueUrl = '';

  it('makes a clue of a report', async () => {
    const page = await as('petition');
    // A demo report the petition office has not yet turned into a clue.
    const list = await page.evaluate(async () => (await fetch('/api/petitions?pageSize=20&status=processing')).json());
    const report = (list.items as { id: string; summary: string }[])[0];
    expect(report).toBeTruthy();
    await page.goto(`${server.url}/petitions/${report.id}`);
    await settle(page);
    await page.getByTestId('make-clue-button').click();
    await page.waitForURL(/\/clues\/[0-9a-f-]{36}$/);
    await settle(page);
    await expect.poll(() => page.getByTestId('clue-code').innerText()).toMatch(/^XS\d{4}-/);
    expect(await page.getByText(report.summary).count()).toBeGreaterThan(0);
    clueUrl = page.url();
    await shot(page, 'clues-registered');
  }, 120_000);

  it('a case manager proposes a disposal and cannot approve it; a leader approves; the case manager concludes', async () => {
    const mgr = await as('casemgr');
    await mgr.goto(clueUrl);
    await settle(mgr);
    await mgr.getByTestId('propose-button').click();
    await mgr.getByText('初步核实', { exact: true }).click();
    await mgr.getByTestId('propose-reason').fill('反映问题具体，可查性强，拟初步核实');
    await mgr.getByTestId('clue-propose-ok').click();
    await mgr.getByTestId('pending-alert').waitFor();
    expect(await mgr.getByTestId('decide-button').count()).toBe(0);
    expect(await mgr.getByText('处置意见须由提出人以外的有权人员审批').count()).toBe(1);
    await shot(mgr, 'clues-proposed');

    const leader = await as('leader');
    await leader.goto(clueUrl);
    await settle(leader);
    await leader.getByTestId('decide-button').click();
    await leader.getByTestId('clue-decide-ok').click();
    await leader.getByTestId('pending-alert').waitFor({ state: 'detached' });
    expect(await leader.locator('[data-state="disposing"]').count()).toBe(1);
    expect(await leader.getByTestId('conclude-button').count()).toBe(0);
    await shot(leader, 'clues-approved');

    await mgr.reload();
    await settle(mgr);
    await mgr.getByTestId('conclude-button').click();
    await mgr.getByText('第二种形态：党纪轻处分、组织调整').click();
    await mgr.locator('#sanction').fill('党内警告');
    await mgr.getByTestId('conclude-outcome').fill('经初步核实，反映问题基本属实，给予党内警告处分');
    await mgr.getByTestId('clue-conclude-ok').click();
    await mgr.locator('[data-state="concluded"]').waitFor();
    const history = await mgr.getByTestId('clue-history').innerText();
    for (const step of ['登记线索', '提出处置意见', '批准处置意见', '办结']) expect(history).toContain(step);
    await shot(mgr, 'clues-concluded');
  }, 120_000);

  it('shows the board, the four-forms statistics, transfers and consultations', async () => {
    const page = await as('leader');
    await page.goto(`${server.url}/clues`);
    await settle(page);
    const board = page.getByTestId('clue-board');
    await board.waitFor();
    for (const col of ['待处置', '待审批', '谈话函询', '初步核实', '暂存待查', '予以了结', '已办结']) expect(await board.innerText()).toContain(col);
    expect(await page.getByTestId('board-card').count()).toBeGreaterThan(20);
    await shot(page, 'clues-board');

    await page.getByRole('tab', { name: '四种形态统计' }).click();
    await page.getByTestId('clue-stats').waitFor();
    await settle(page);
    await expect.poll(() => page.getByTestId('echart').count()).toBe(4); // charts load lazily
    await shot(page, 'clues-stats');

    await page.getByRole('tab', { name: '线索列表' }).click();
    await page.getByTestId('clue-q').locator('input').fill('工程');
    await page.getByTestId('clue-q').locator('input').press('Enter');
    await settle(page);
    const rows = page.getByTestId('clues-table').locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBeGreaterThan(0);
    await shot(page, 'clues-list');

    // The search page finds clues as well as reports (two-character words, the shared index).
    await page.goto(`${server.url}/petitions/search?q=${encodeURIComponent('工程')}`);
    await page.getByTestId('clue-search-results').locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, 'clues-search');

    await page.goto(`${server.url}/clues/transfers?box=outbox`);
    await settle(page);
    expect(await page.getByTestId('transfers-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await shot(page, 'clues-transfers');

    await page.goto(`${server.url}/clues/consultations`);
    await settle(page);
    await page.getByTestId('consultations-table').locator('tbody tr.ant-table-row a').first().click();
    await page.getByTestId('consultation-detail').waitFor();
    await shot(page, 'clues-consultation');
  }, 120_000);

  it('reads in English too', async () => {
    const page = await as('casemgr', 'en');
    await page.goto(`${server.url}/clues?tab=list`);
    await settle(page);
    await page.getByTestId('clues-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByText('Awaiting approval').count() + await page.getByText('Under disposal').count()).toBeGreaterThan(0);
    await shot(page, 'clues-list-en');
  }, 120_000);

  it('a county commission signs for a transferred clue and feeds back the result', async () => {
    const page = await as('petition');
    await page.goto(`${server.url}/clues/transfers?box=inbox&status=sent`);
    await settle(page);
    await page.getByTestId('receive-button').first().click();
    await page.getByTestId('transfer-act-text').fill('已签收，按程序办理');
    await page.getByTestId('transfer-act-ok').click();
    await page.waitForURL(/\/clues\/[0-9a-f-]{36}$/);
    await page.getByTestId('clue-code').waitFor();
    await settle(page);
    expect(await page.getByText('移送转入').count()).toBeGreaterThan(0);
    await shot(page, 'clues-received');

    await page.goto(`${server.url}/clues/transfers?box=inbox&status=received`);
    await settle(page);
    await page.getByTestId('feedback-button').first().click();
    await page.getByTestId('transfer-act-text').fill('经初步核实，反映问题部分属实，已给予诫勉处理');
    await page.getByTestId('transfer-act-ok').click();
    await page.getByText('已保存').waitFor();
    await shot(page, 'clues-feedback');
  }, 120_000);

  it('the analysis page follows', async () => {
    const page = await as('leader');
    await page.goto(`${server.url}/petitions/analysis`);
    await settle(page);
    await expect.poll(() => page.getByTestId('echart').count()).toBeGreaterThan(0);
    await shot(page, 'clues-analysis');
  }, 120_000);
});
