import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('route guards', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', {}, { seed: false });
  });
  afterAll(async () => t.stop());

  it('every API route is guarded by an action, except the few open to anyone or any signed-in user', () => {
    const open = [...t.routeActions].filter(([, a]) => a === null).map(([r]) => r).sort();
    expect(open).toEqual([
      'GET /api/auth/me', 'GET /api/health', 'GET /api/openapi.json', 'POST /api/auth/login', 'POST /api/auth/logout',
      'POST /api/auth/password', 'POST /api/auth/totp/enable', 'POST /api/auth/totp/setup',
    ]);
    expect(t.routeActions.get('GET /api/officials')).toBe('officials.read');
    expect(t.routeActions.get('POST /api/users/:id/unlock')).toBe('users.roles');
  });
});
