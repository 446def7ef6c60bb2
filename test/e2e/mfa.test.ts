// Outside demo mode an administrator without TOTP is sent to enrol it right after signing in,
// and cannot use the system until they do.
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PASSWORD, launchBrowser, newPage, shot, startServer, type TestServer } from './helpers';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ demo: false });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('required two-factor enrolment', () => {
  it('sends an administrator to the TOTP setup page and lets them in after enrolling', async () => {
    const page = await newPage(browser, 'zh');
    await page.goto(`${server.url}/login`);
    await page.locator('#login-username').fill('admin.audit');
    await page.locator('#login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/totp-setup$/);
    await expect.poll(() => page.getByTestId('totp-uri').innerText()).toMatch(/^otpauth:\/\/totp\//);
    // No way around it: other pages send the user back here.
    expect(await page.getByText('稍后设置').count()).toBe(0);
    await page.goto(`${server.url}/admin/audit`);
    await page.waitForURL(/\/totp-setup$/);
    await expect.poll(() => page.getByTestId('totp-uri').innerText()).toMatch(/^otpauth:\/\/totp\//);
    await shot(page, 'mfa-required');
    const totp = OTPAuth.URI.parse((await page.getByTestId('totp-uri').innerText()).trim()) as OTPAuth.TOTP;
    await page.getByLabel('验证码').fill(totp.generate());
    await page.getByRole('button', { name: /启\s*用/ }).click();
    await page.waitForURL(/\/admin\/audit$/);
    await expect.poll(() => page.getByTestId('audit-table').locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    await page.context().close();
  });
});
