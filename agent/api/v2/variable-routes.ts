import type { FastifyInstance } from 'fastify';
import type { StoredVariable } from '../../connections/variable-store.js';
import { SecretsMasker } from '../../connections/secrets-masker.js';
import { pyJsonDumps } from '../../python/json-dumps.js';
import { pyStr } from '../../python/repr.js';
import { bodyOf } from './fastapi-handling.js';
import { matchesPattern, QueryReader, readOrderBy, sortAndPage } from './query-params.js';
import { parseBody } from './request-model.js';
import { VariableBody } from './request-models.js';
import { badRequest, conflict, notFound } from './validation-error.js';
import type { V2Deps } from './v2-deps.js';

const MASK = '***';
const names = new SecretsMasker();

/** `str(value)`: how Variable.set stores a JSON value that is not a string. */
const storedValue = (value: unknown): string => pyStr(value);

/** VariableResponse's `redact_val`: a JSON value is redacted (by key and nested keys) and dumped again. */
function variableJson(v: StoredVariable): Record<string, unknown> {
  let value: string | null = v.val;
  if (value !== null) {
    try {
      value = pyJsonDumps(names.redact(JSON.parse(value) as unknown, v.key));
    } catch {
      value = names.isSensitiveName(v.key) ? MASK : value;
    }
  }
  return { key: v.key, value, description: v.description, is_encrypted: v.isEncrypted, team_name: null };
}

/** Airflow 3's /variables: list, get, create, patch, delete (keys may contain `/`). */
export function registerVariableRoutes(app: FastifyInstance, deps: V2Deps): void {
  const varNotFound = (key: string) => notFound(`The Variable with key: \`${key}\` was not found`);
  const vars = deps.variables;

  app.get('/variables', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    const pattern = q.str('variable_key_pattern');
    q.done();
    const order = readOrderBy(q, ['key', 'id', '_val', 'description', 'is_encrypted'], 'id');
    const all = vars.list().filter((v) => matchesPattern(v.key, pattern));
    const field = (v: StoredVariable, f: string): unknown =>
      f === '_val' ? v.val : f === 'is_encrypted' ? v.isEncrypted : (v as unknown as Record<string, unknown>)[f];
    const { items, total } = sortAndPage(all, order, field, page);
    return { variables: items.map(variableJson), total_entries: total };
  });

  app.get<{ Params: { '*': string } }>('/variables/*', async (req) => {
    const v = vars.get(req.params['*']);
    if (!v) throw varNotFound(req.params['*']);
    return variableJson(v);
  });

  app.post('/variables', async (req, reply) => {
    const body = parseBody(VariableBody, bodyOf(req));
    const key = body.key as string;
    if (vars.get(key)) throw conflict(`The Variable with key: \`${key}\` already exists`);
    const v = vars.set(key, storedValue(body.value), (body.description as string | null | undefined) ?? null);
    return reply.code(201).send(variableJson(v));
  });

  app.patch<{ Params: { '*': string } }>('/variables/*', async (req) => {
    const q = new QueryReader(req.query);
    const mask = q.list('update_mask');
    q.done();
    const body = parseBody(VariableBody, bodyOf(req));
    const key = req.params['*'];
    if (body.key !== key) throw badRequest("Invalid body, key from request body doesn't match uri parameter");
    const current = vars.get(key);
    if (!current) throw varNotFound(key);
    const wants = (f: string) => (mask.length ? mask.includes(f) : f in body);
    const value = wants('value') ? storedValue(body.value) : (current.val ?? '');
    const description = wants('description')
      ? ((body.description as string | null | undefined) ?? null)
      : current.description;
    return variableJson(vars.set(key, value, description));
  });

  app.delete<{ Params: { '*': string } }>('/variables/*', async (req, reply) => {
    if (!vars.delete(req.params['*'])) throw varNotFound(req.params['*']);
    return reply.code(204).type('application/json').send();
  });
}
