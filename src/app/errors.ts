import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../core/errors.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string; details?: unknown };
}

/** Every failure answers {"error":{code,message,field?}}: never a stack trace, never SQL. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const [status, body] = toResponse(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: body.error.code, field: body.error.field }, body.error.message);
    if (status === 429 && !reply.getHeader('retry-after')) reply.header('retry-after', 60);
    return reply.code(status).send(body);
  });

  // NUL is never valid text (PostgreSQL refuses it, and an export would fail mid-stream): refuse it
  // at the door, on both databases.
  app.addHook('preValidation', async (req) => {
    const [path, query = ''] = req.url.split('?');
    const where = path.includes('%00') ? 'params' : query.includes('%00') ? 'querystring' : hasNul(req.body) ? 'body' : null;
    if (where) throw new AppError(400, 'validation_error', 'Text must not contain NUL characters', where);
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } });
  });
}

/** Errors Fastify raises before routing (a malformed or over-long URL): the same error format, without echoing the URL. */
export function frameworkError(err: FastifyError, _req: unknown, reply: FastifyReply): void {
  void reply.code(err.statusCode === 414 ? 414 : 400).send({ error: { code: 'bad_url', message: 'The URL is malformed or too long' } });
}

/** Whether a parsed body holds a NUL character in any string or key (iterative: bodies may nest deeply). */
function hasNul(body: unknown): boolean {
  const todo = [body];
  while (todo.length) {
    const x = todo.pop();
    if (typeof x === 'string' && x.includes('\0')) return true;
    if (x && typeof x === 'object') {
      for (const [k, v] of Object.entries(x)) {
        if (k.includes('\0')) return true;
        todo.push(v);
      }
    }
  }
  return false;
}

function toResponse(err: FastifyError): [number, ErrorBody] {
  if (err instanceof AppError) {
    return [err.status, { error: { code: err.code, message: err.message, field: err.field, details: err.details } }];
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const where = err.validationContext ?? 'body';
    const path = first.instancePath.split('/').filter(Boolean);
    const keys = (first.params as { keys?: string[] }).keys;
    if (first.keyword === 'unrecognized_keys' && keys?.length) path.push(keys[0]);
    const field = [where, ...path].join('.');
    return [400, { error: { code: 'validation_error', message: `${field}: ${first.message}`, field } }];
  }
  if (isResponseSerializationError(err)) {
    return [500, { error: { code: 'internal_error', message: 'The server could not produce a valid response' } }];
  }
  const code = err.code ?? '';
  // PostgreSQL refuses NUL characters in text (SQLSTATE 22021): bad input, not a server fault.
  if (code === '22021') return [400, { error: { code: 'bad_request', message: 'Text must not contain NUL characters' } }];
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || err.statusCode === 413) {
    return [413, { error: { code: 'payload_too_large', message: 'The request body is too large' } }];
  }
  if (err.statusCode === 429) return [429, { error: { code: 'rate_limited', message: 'Too many requests; try again later' } }];
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return [415, { error: { code: 'unsupported_media_type', message: 'Unsupported content type' } }];
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Fastify's own client errors (bad JSON, empty body, bad content length): say what, not how.
    const message = code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? 'body: not valid JSON' : err.message.split('\n')[0].slice(0, 200);
    return [err.statusCode, { error: { code: 'bad_request', message, field: message.startsWith('body') ? 'body' : undefined } }];
  }
  return [500, { error: { code: 'internal_error', message: 'Internal error; it has been logged' } }];
}
