import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../connections/connection.js';
import { redactedExtra } from '../../connections/connection-view.js';
import { pyJsonDumps } from '../../python/json-dumps.js';
import { pyStr } from '../../python/repr.js';
import { SecretsMasker } from '../../connections/secrets-masker.js';
import type { StoredVariable } from '../../connections/variable-store.js';
import { isAgentError } from '../../core/errors.js';
import { bodyOf, sendDetail } from './fastapi-handling.js';
import { isPlainObject } from './pydantic-fields.js';
import { QueryReader, readOrderBy, sortAndPage } from './query-params.js';
import { parseBody } from './request-model.js';
import { ConnectionBody, VariableBody } from './request-models.js';
import { matchesPattern } from './dag-routes.js';
import { badRequest, conflict, HttpError, notFound, uniqueViolation } from './validation-error.js';
import type { V2Deps } from './v2-deps.js';

const MASK = '***';
const names = new SecretsMasker();

/** Airflow 3's ConnectionResponse: the password reads `***` when set, sensitive extras `***`. */
function connectionJson(c: Connection): Record<string, unknown> {
  return {
    connection_id: c.connId,
    conn_type: c.connType,
    description: c.description,
    host: c.host,
    login: c.login,
    schema: c.schema,
    port: c.port,
    password: c.password ? MASK : c.password,
    extra: redactedExtra(c),
    team_name: null,
  };
}

/** Airflow's `merge`: a `***` sent back (what the API showed) keeps the stored secret. */
function mergeSecrets(next: unknown, current: unknown): unknown {
  if (next === MASK) return current;
  if (isPlainObject(next) && isPlainObject(current))
    return Object.fromEntries(Object.entries(next).map(([k, v]) => [k, mergeSecrets(v, current[k])]));
  return next;
}

function connectionOf(body: Record<string, unknown>): Connection {
  const s = (k: string) => (body[k] as string | null | undefined) ?? null;
  return {
    connId: body.connection_id as string,
    connType: body.conn_type as string,
    description: s('description'),
    host: s('host'),
    login: s('login'),
    schema: s('schema'),
    port: (body.port as number | null | undefined) ?? null,
    password: s('password'),
    extra: s('extra'),
  };
}

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

/** Connections (+ test), variables, and the one pool the agent has. */
export function registerAdminRoutes(app: FastifyInstance, deps: V2Deps): void {
  const conns = deps.connections;
  const connNotFound = (id: string) => notFound(`The Connection with connection_id: \`${id}\` was not found`);
  const gate = (type: string) => {
    try {
      deps.assertConnectionTypeAvailable(type);
    } catch (e) {
      if (isAgentError(e, 'CONNECTION_TYPE_UNAVAILABLE'))
        throw badRequest(e.message.replace(/--conn-type/g, 'conn_type'));
      throw e;
    }
  };

  app.get('/connections', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    const pattern = q.str('connection_id_pattern');
    q.done();
    const order = readOrderBy(q, ['conn_id', 'connection_id', 'conn_type', 'description', 'host', 'port', 'id'], 'id');
    const all = conns.list().filter((c) => matchesPattern(c.connId, pattern));
    const field = (c: (typeof all)[number], f: string): unknown =>
      f === 'conn_id' || f === 'connection_id'
        ? c.connId
        : f === 'conn_type'
          ? c.connType
          : (c as unknown as Record<string, unknown>)[f];
    const { items, total } = sortAndPage(all, order, field, page);
    return { connections: items.map(connectionJson), total_entries: total };
  });

  app.get<{ Params: { connection_id: string } }>('/connections/:connection_id', async (req) => {
    const c = conns.get(req.params.connection_id);
    if (!c) throw connNotFound(req.params.connection_id);
    return connectionJson(c);
  });

  app.post('/connections', async (req, reply) => {
    const conn = connectionOf(parseBody(ConnectionBody, bodyOf(req)));
    gate(conn.connType!);
    if (conns.get(conn.connId)) throw uniqueViolation();
    return reply.code(201).send(connectionJson(conns.add(conn)));
  });

  app.patch<{ Params: { connection_id: string } }>('/connections/:connection_id', async (req) => {
    const q = new QueryReader(req.query);
    const mask = q.list('update_mask');
    q.done();
    const body = parseBody(ConnectionBody, bodyOf(req));
    const id = req.params.connection_id;
    if (body.connection_id !== id)
      throw badRequest('The connection_id in the request body does not match the URL parameter');
    const current = conns.get(id);
    if (!current) throw connNotFound(id);
    const wants = (f: string) => (mask.length ? mask.includes(f) : f in body);
    const keys: [string, keyof Connection][] = [
      ['conn_type', 'connType'],
      ['description', 'description'],
      ['host', 'host'],
      ['login', 'login'],
      ['schema', 'schema'],
      ['port', 'port'],
    ];
    const patch: Partial<Connection> = {};
    for (const [field, key] of keys)
      if (wants(field) && field in body) Object.assign(patch, { [key]: body[field] ?? null });
    if (wants('password')) {
      const p = (body.password as string | null | undefined) ?? null;
      patch.password = p === null ? null : (mergeSecrets(p, current.password) as string | null);
    }
    if (wants('extra')) {
      const e = (body.extra as string | null | undefined) ?? null;
      if (e === null || current.extra === null) patch.extra = e;
      else {
        try {
          patch.extra = pyJsonDumps(mergeSecrets(JSON.parse(e), JSON.parse(current.extra)));
        } catch {
          patch.extra = e;
        }
      }
    }
    if (patch.connType !== undefined && patch.connType !== null) gate(patch.connType);
    return connectionJson(conns.update(id, patch));
  });

  app.delete<{ Params: { connection_id: string } }>('/connections/:connection_id', async (req, reply) => {
    if (!conns.delete(req.params.connection_id)) throw connNotFound(req.params.connection_id);
    return reply.code(204).type('application/json').send();
  });

  // `[core] test_connection` is "Disabled" by default in Airflow 3, which refuses every test.
  app.post('/connections/test', async (req, reply) => {
    parseBody(ConnectionBody, bodyOf(req));
    return sendDetail(
      reply,
      403,
      'Testing connections is disabled in Airflow configuration. Contact your deployment admin to enable it.',
    );
  });

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

  // Pools: the agent has one, Airflow's default_pool (128 slots); its use is counted from the run store.
  const defaultPool = () => {
    const running = deps.api.store.findTaskInstances(['running']).length;
    const queued = deps.api.store.findTaskInstances(['queued']).length;
    const scheduled = deps.api.store.findTaskInstances(['scheduled']).length;
    return {
      name: 'default_pool',
      slots: 128,
      description: 'Default pool',
      include_deferred: false,
      occupied_slots: running + queued,
      running_slots: running,
      queued_slots: queued,
      scheduled_slots: scheduled,
      open_slots: 128 - running - queued,
      deferred_slots: 0,
      team_name: null,
    };
  };
  app.get('/pools', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    q.done();
    const all = [defaultPool()];
    return { pools: all.slice(page.offset, page.offset + page.limit), total_entries: all.length };
  });
  app.get<{ Params: { pool_name: string } }>('/pools/:pool_name', async (req) => {
    if (req.params.pool_name !== 'default_pool')
      throw notFound(`The Pool with name: \`${req.params.pool_name}\` was not found`);
    return defaultPool();
  });
  const readOnlyPools = async () => {
    throw new HttpError(405, 'Method Not Allowed');
  };
  app.post('/pools', readOnlyPools);
  app.patch('/pools/:pool_name', readOnlyPools);
  app.delete('/pools/:pool_name', readOnlyPools);
}
