// Resolves the session cookie to an actor on every API request, and enforces CSRF on changes.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.js';
import { AppError, forbidden } from '../core/errors.js';
import type { Database } from '../db/index.js';
import { SESSION_COOKIE, forgetGrants, lookupSession } from '../modules/users/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route may change what someone is granted: cached grants are dropped after it. */
    changesGrants?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const NO_TOKEN_NEEDED = new Set(['/api/auth/login']);

export function installSessionHook(app: FastifyInstance, database: Database, config: Config): void {
  app.decorateRequest('actor', null as never);
  app.decorateRequest('csrfToken', undefined);

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store'); // answers carry personal data: no browser or proxy cache keeps them
    const path = req.url.split('?')[0];
    const mutating = !SAFE.has(req.method);
    if (mutating) assertSameOrigin(req.headers.origin, req.headers.host);

    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const found = await lookupSession(database.db, token, config, req.ip);
      if (found.state === 'ok') {
        req.actor = found.actor;
        req.csrfToken = found.csrfToken;
      } else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        if (found.state === 'expired' && path !== '/api/auth/login') {
          throw new AppError(401, 'session_expired', 'The session has ended; sign in again');
        }
      }
    }
    if (mutating && !NO_TOKEN_NEEDED.has(path) && req.actor) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== req.csrfToken) throw new AppError(403, 'csrf', 'Missing or wrong CSRF token');
    }
  });

  // A route that may alter what someone is granted (accounts, roles, scopes, the org tree) says so
  // (config.changesGrants), and cached grants go after it; the account stamp catches the same changes
  // made by other processes. Other writes keep them: dropping them after every write made each
  // registration re-read the caller's roles and scope (three statements) under a write load.
  // onSend: the change is committed, and the client cannot yet send its next request.
  app.addHook('onSend', async (req, _reply, payload) => {
    if (!SAFE.has(req.method) && req.routeOptions.config?.changesGrants) forgetGrants();
    return payload;
  });
}

/** A browser's cross-site request carries a foreign Origin: refuse it before anything else. */
function assertSameOrigin(origin: string | undefined, host: string | undefined): void {
  if (!origin) return;
  try {
    if (new URL(origin).host !== host) throw forbidden('Cross-origin request refused');
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw forbidden('Cross-origin request refused');
  }
}
