// The Fastify application: plugins, the session hook, every module's routes, the web UI.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../core/config.js';
import type { CryptoBox } from '../core/crypto.js';
import type { ModuleContext } from '../core/module.js';
import { ping, type Database } from '../db/index.js';
import { JobWorker, type JobHandler, type Schedule } from '../jobs/worker.js';
import { PURGE_JOB as PETITIONS_PURGE_JOB } from '../modules/petitions/index.js';
import { RUN_JOB } from '../modules/warnings/index.js';
import { buildContext, GUARDED_ACTION } from './context.js';
import { auditChainer } from '../modules/audit/index.js';
import { frameworkError, installErrorHandler } from './errors.js';
import { MODULES } from './modules.js';
import { installSessionHook } from './session-hook.js';

export const VERSION = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
const WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface App {
  app: FastifyInstance;
  /** "METHOD /url" → the action its guard requires (null: public or any signed-in user). */
  routeActions: ReadonlyMap<string, string | null>;
  ctx: ModuleContext;
  worker: JobWorker;
  close(): Promise<void>;
}

/** Schedules: the warning rules run every night at 02:00 (Asia/Shanghai). */
export const SCHEDULES: Schedule[] = [
  { name: 'nightly-warnings', cron: '0 2 * * *', kind: RUN_JOB },
  { name: 'petitions-retention', cron: '30 3 * * *', kind: PETITIONS_PURGE_JOB },
];

export async function buildApp(database: Database, crypto: CryptoBox, config: Config): Promise<App> {
  const app = Fastify({
    logger: { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.body.password'] },
    bodyLimit: config.bodyLimitBytes,
    // JIANDU_TRUST_PROXY: the reverse proxies' addresses or CIDRs ('1': a proxy on this host); X-Forwarded-For entries a client wrote itself never count.
    trustProxy: ((v) => (v === '1' ? 'loopback' : v && v !== '0' ? v : false))(process.env.JIANDU_TRUST_PROXY),
    frameworkErrors: frameworkError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  // Security headers, built once (@fastify/helmet builds helmet's middleware again on every request:
  // 6 % of the server's CPU under load).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Ant Design writes its styles at run time
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.secureCookies,
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: true });
  await app.register(swagger, {
    openapi: { info: { title: 'Jiandu API (监督)', version: VERSION }, components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jiandu_sid' } } } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const chainer = auditChainer(database.db, database.dialect, crypto, (e) => app.log.error({ err: e }, 'audit chain: rows left staged, linked by the next flush'));
  const ctx = buildContext(database, crypto, config, MODULES, chainer);
  await chainer.settle(); // rows staged by a process that stopped before linking them
  // Which action guards which route: read by the authorization-matrix test and the docs.
  const routeActions = new Map<string, string | null>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const guards = [route.preHandler].flat().filter(Boolean) as { [GUARDED_ACTION]?: string }[];
    const action = guards.map((g) => g[GUARDED_ACTION]).find(Boolean) ?? null;
    for (const m of [route.method].flat()) if (m !== 'HEAD') routeActions.set(`${m} ${route.url}`, action);
  });
  installSessionHook(app, database, config);

  app.get('/api/health', {
    schema: { tags: ['system'], summary: 'Liveness and database reachability', response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']), version: z.string() }) } },
  }, async () => {
    await ping(database.db);
    return { status: 'ok' as const, db: database.dialect, version: VERSION };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const m of MODULES) await m.routes(app, ctx);

  if (fs.existsSync(path.join(WEB_ROOT, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_ROOT, wildcard: false, maxAge: '1h', preCompressed: true });
    // Client-side routes get the page; a missing asset is a 404 (not the page, which a browser would run as a script).
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      const path = req.url.split('?')[0];
      if (path.startsWith('/api/') || path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) {
        return reply.code(404).send({ error: { code: 'not_found', message: 'No such file' } });
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }

  const handlers: Record<string, JobHandler> = {};
  for (const m of MODULES) for (const [kind, fn] of Object.entries(m.jobs ?? {})) handlers[kind] = (payload) => fn(ctx, payload);
  const worker = new JobWorker(database.db, database.dialect, handlers, app.log);

  return {
    app,
    routeActions,
    ctx,
    worker,
    async close() {
      await worker.stop();
      await app.close();
    },
  };
}
