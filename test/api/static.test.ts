import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

// Needs dist/web (built by `npm run build`, which .ci/run does before the e2e tests; npm start builds it too).
describe.runIf(fs.existsSync('dist/web/index.html'))('the web UI’s files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {}, { seed: false });
  });
  afterAll(async () => t.stop());

  it('serves the page for client routes and 404 for a missing asset', async () => {
    const page = await t.anonymous().get('/officials/123');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const missing = await t.anonymous().get('/assets/missing-chunk-abc.js');
    expect(missing.statusCode).toBe(404);
  });

  it('sends the scripts precompressed (brotli, else gzip, else plain), byte for byte what the build wrote', async () => {
    const script = fs.readdirSync('dist/web/assets').find((f) => /^react-.*\.js$/.test(f))!;
    const plain = fs.readFileSync(`dist/web/assets/${script}`);
    const br = await t.anonymous().request('GET', `/assets/${script}`, undefined, { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.equals(fs.readFileSync(`dist/web/assets/${script}.br`))).toBe(true);
    expect(br.rawPayload.length).toBeLessThan(plain.length / 2);
    const gz = await t.anonymous().request('GET', `/assets/${script}`, undefined, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const none = await t.anonymous().get(`/assets/${script}`);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.rawPayload.equals(plain)).toBe(true);
  });
});
