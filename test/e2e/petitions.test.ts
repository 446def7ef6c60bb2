// Petitions end to end: a petition officer registers a named report through the intake form, asks to
// see the reporter's identity, a case manager approves, the officer sees it once approved; the search
// finds two-character words; a leader looks at the analysis page.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoSession, settle, shot } from './helpers';

const server = demoSession();
const as = server.as;

describe('petitions', () => {
  let reportUrl = '';
  let officer: Page; // the petition officer's page, used again by the later steps

  it('registers a named report through the intake form', async () => {
    const page = await as('petition');
    officer = page;
    await page.goto(`${server.url}/petitions`);
    await settle(page);
    await page.getByTestId('petitions-table').waitFor();
    await shot(page, 'petitions-list');
    // An organization and one of its team members from the demo data.
    const { org, official } = await page.evaluate(async () => {
      const orgs = await (await fetch('/api/orgs?q=' + encodeURIComponent('财政局') + '&pageSize=5')).json();
      const o = orgs.items[0];
      const offs = await (await fetch(`/api/officials?orgId=${o.id}&pageSize=5`)).json();
      return { org: o as { id: string; name: string }, official: offs.items[0] as { id: string; name: string } };
    });

    await page.getByTestId('petition-new').click();
    const form = page.getByTestId('intake-form');
    await form.waitFor();
    await page.locator('#orgId').click();
    await page.keyboard.type(org.name);
    await page.locator('.ant-select-tree-title', { hasText: org.name }).first().click();
    await form.getByText('实名', { exact: true }).click();
    await page.getByTestId('reporter-name').fill('端木测试');
    await page.locator('#reporterContact').fill('13700001111');
    await page.locator('#officialIds').click();
    await page.keyboard.type(official.name);
    await page.locator('.ant-select-item-option', { hasText: official.name }).first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('intake-summary').fill('反映局长在办公楼维修工程中收受回扣');
    await page.getByTestId('intake-content').fill('反映该局局长在办公楼维修工程招标中指定施工单位，收受回扣五万元。');
    await page.getByTestId('intake-summary').click(); // leaving the content suggests a classification
    await expect.poll(() => page.locator('.ant-form-item').filter({ hasText: '纪律类别' }).first().innerText()).toContain('廉洁纪律');
    await shot(page, 'petitions-intake');
    await page.getByTestId('intake-submit').click();
    // Repeats may be offered; this one is filed as its own matter.
    await Promise.race([page.waitForURL(/\/petitions\/[0-9a-f-]{36}$/), page.getByTestId('own-matter').click()]).catch(() => undefined);
    await page.waitForURL(/\/petitions\/[0-9a-f-]{36}$/);
    await settle(page);
    reportUrl = page.url();
    const detail = await page.getByTestId('petition-detail').innerText();
    expect(detail).toContain('反映局长在办公楼维修工程中收受回扣');
    expect(detail).toContain('廉洁纪律');
    const masked = await page.getByTestId('reporter-masked').innerText();
    expect(masked).toContain('***');
    expect(masked).not.toContain('端木测试');
    await shot(page, 'petitions-detail');
  }, 120_000);

  it('reveals the identity only after another person approves', async () => {
    await officer.getByTestId('reveal-request').click();
    await officer.getByTestId('reveal-reason').fill('需向举报人反馈办理结果');
    await officer.getByRole('button', { name: /确\s*定/ }).click();
    await officer.getByTestId('reveals').waitFor();
    expect(await officer.getByTestId('reveal-approve').count()).toBe(0); // not by the requester
    expect(await officer.getByTestId('reveal-view').count()).toBe(0);

    const mgr = await as('casemgr');
    await mgr.goto(reportUrl);
    await settle(mgr);
    await mgr.getByTestId('reveal-approve').click();
    await expect.poll(() => mgr.getByTestId('reveals').innerText()).toContain('已批准');
    expect(await mgr.getByTestId('reveal-view').count()).toBe(0); // the approver may not look

    await officer.reload();
    await settle(officer);
    await officer.getByTestId('reveal-view').click();
    await expect.poll(() => officer.getByTestId('identity').innerText()).toContain('端木测试');
    await shot(officer, 'petitions-identity');
  }, 120_000);

  it('finds two-character words in the full-text search', async () => {
    const page = officer;
    await page.goto(`${server.url}/petitions/search?q=${encodeURIComponent('工程')}`);
    await settle(page);
    await expect.poll(() => page.getByTestId('search-results').innerText()).toContain('工程');
    await shot(page, 'petitions-search');
    await page.goto(`${server.url}/petitions/search?q=${encodeURIComponent('执法')}`);
    await settle(page);
    await expect.poll(() => page.getByTestId('search-results').locator('tbody tr').count()).toBeGreaterThan(0);
  }, 60_000);

  it('shows the analysis to a leader', async () => {
    const leader = await as('leader');
    await leader.goto(`${server.url}/petitions/analysis`);
    await settle(leader);
    await leader.getByTestId('many-reports').waitFor();
    await expect.poll(() => leader.getByTestId('echart').count()).toBeGreaterThanOrEqual(5);
    expect(await leader.getByTestId('leaders-view').locator('tbody tr').count()).toBeGreaterThan(0);
    await leader.waitForTimeout(800); // let the charts finish their animation before the picture
    await shot(leader, 'petitions-analysis');
  }, 60_000);
});
