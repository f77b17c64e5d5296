import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAgentError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { pythonJsonError } from './python-json-error.js';
import { HttpError, RequestValidationError } from './validation-error.js';

/** A body that was not sent as JSON: FastAPI validates its raw text, so a model sees a string. */
export class RawBody {
  constructor(readonly text: string) {}
}

/** The request body as FastAPI hands it to pydantic: parsed JSON, the raw text of another type, or undefined. */
export function bodyOf(req: FastifyRequest): unknown {
  const body = req.body;
  return body instanceof RawBody ? body.text : body;
}

export function sendDetail(reply: FastifyReply, status: number, detail: unknown): FastifyReply {
  return reply.code(status).type('application/json').send({ detail });
}

/**
 * Makes an encapsulated Fastify context answer like Airflow 3's FastAPI app: JSON bodies decoded as FastAPI
 * does (malformed JSON is a 422 `json_invalid` at Python's position; a body of another media type reaches the
 * model as text), errors as `{"detail": …}`, unknown routes `{"error": "API route not found"}` and a known
 * path with another method 405.
 */
export function useFastApiHandling(app: FastifyInstance, log: Logger, opts: { notFound: unknown }): void {
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const pattern = new RegExp(`^${r.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`);
    for (const method of methods) routes.push({ method, pattern });
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const e = pythonJsonError(text) ?? { msg: 'Expecting value', pos: 0 };
      done(
        new RequestValidationError([
          { type: 'json_invalid', loc: ['body', e.pos], msg: 'JSON decode error', input: {}, ctx: { error: e.msg } },
        ]),
        undefined,
      );
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    done(null, text === '' ? undefined : new RawBody(text));
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return sendDetail(reply, err.status, err.detail);
    }
    if (err instanceof RequestValidationError) return sendDetail(reply, 422, err.items);
    if (isAgentError(err, 'DAG_RUN_EXISTS')) return sendDetail(reply, 409, err.message);
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendDetail(reply, 413, `Request body is larger than ${app.initialConfig.bodyLimit} bytes`);
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendDetail(reply, err.statusCode, err.message);
    log.error({ err, url: req.url }, 'API request failed');
    // Starlette's answer to an unhandled exception.
    return reply.code(500).type('text/plain; charset=utf-8').send('Internal Server Error');
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    if (routes.some((r) => r.pattern.test(path) && r.method !== req.method))
      return sendDetail(reply, 405, 'Method Not Allowed');
    return reply.code(404).type('application/json').send(opts.notFound);
  });
}
