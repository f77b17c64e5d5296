import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAgentError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { pythonJsonError } from './python-json-error.js';
import { HttpError, RequestValidationError } from './validation-error.js';

/**
 * How deep Python's json decoder nests before its RecursionError: each array or object takes a frame of the
 * interpreter's 1000, less those FastAPI is already in; the agent stops at 1000 too.
 */
const PYTHON_JSON_DEPTH = 1000;

function jsonInvalid(msg: string, pos: number): RequestValidationError {
  return new RequestValidationError([
    { type: 'json_invalid', loc: ['body', pos], msg: 'JSON decode error', input: {}, ctx: { error: msg } },
  ]);
}

/**
 * JSON nested past Python's recursion limit: Airflow's json.loads raises a RecursionError there (a 500); the
 * agent answers a 422 with Python's message instead.
 */
function tooDeep(object: boolean): RequestValidationError {
  const what = object ? 'an object' : 'an array';
  return jsonInvalid(
    `maximum recursion depth exceeded while decoding a JSON ${what.slice(3)} from a unicode string`,
    0,
  );
}

/** The kind of the first container found nested deeper than `limit`, or null; walks without recursion. */
function containerPastDepth(value: unknown, limit: number): 'array' | 'object' | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > limit) return Array.isArray(v) ? 'array' : 'object';
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return null;
}

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
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (e instanceof RangeError) return done(tooDeep(text.trimStart().startsWith('{')), undefined);
      let found: { msg: string; pos: number } | null;
      try {
        found = pythonJsonError(text);
      } catch (deep) {
        if (!(deep instanceof RangeError)) throw deep;
        return done(tooDeep(text.trimStart().startsWith('{')), undefined);
      }
      // Only NaN and Infinity parse in Python and not here: refused as if at the start.
      return done(jsonInvalid(found?.msg ?? 'Expecting value', found?.pos ?? 0), undefined);
    }
    const deep = containerPastDepth(value, PYTHON_JSON_DEPTH);
    if (deep) return done(tooDeep(deep === 'object'), undefined);
    done(null, value);
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
