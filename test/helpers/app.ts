// An app on a fresh database loaded with the demo data set, and signed-in test clients.
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app/server.js';
import { configFromEnv, type Config } from '../../src/core/config.js';
import type { Dialect } from '../../src/db/index.js';
import { seedDemoAndWarnings } from '../../src/cli/seed.js';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import { freshDatabase, testCrypto, type TestDatabase } from './db.js';

export interface TestApp extends App {
  database: TestDatabase;
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
  stop(): Promise<void>;
}

export interface Client {
  csrf: string;
  cookie: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

export async function startTestApp(dialect: Dialect, overrides: Partial<Config> = {}, opts: { seed?: boolean } = {}): Promise<TestApp> {
  const database = await freshDatabase(dialect);
  const crypto = testCrypto();
  if (opts.seed !== false) await seedDemoAndWarnings(database, crypto);
  const config = configFromEnv({ LOG_LEVEL: 'silent' }, { demoMode: true, loginRatePerMinute: 1000, runScheduler: false, ...overrides });
  const built = await buildApp(database, crypto, config);
  await built.app.ready();

  const client = (cookie = '', csrf = ''): Client => {
    const c: Client = {
      cookie,
      csrf,
      request: (method, url, body, headers = {}) =>
        built.app.inject({
          method: method as 'GET',
          url,
          headers: { ...(c.cookie && { cookie: c.cookie }), ...(c.csrf && { 'x-csrf-token': c.csrf }), ...headers },
          ...(body !== undefined && { payload: body as object }),
        }),
      get: (url) => c.request('GET', url),
      post: (url, body) => c.request('POST', url, body ?? {}),
      patch: (url, body) => c.request('PATCH', url, body ?? {}),
      put: (url, body) => c.request('PUT', url, body ?? {}),
      del: (url) => c.request('DELETE', url),
    };
    return c;
  };

  return {
    ...built,
    database,
    anonymous: () => client(),
    async login(username, password = DEMO_PASSWORD) {
      const res = await built.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((k) => `${k.name}=${k.value}`).join('; ');
      return client(cookie, res.json().csrfToken);
    },
    async stop() {
      await built.close();
      await database.drop();
    },
  };
}
