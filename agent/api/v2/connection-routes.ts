import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../connections/connection.js';
import { redactedExtra } from '../../connections/connection-view.js';
import { isAgentError } from '../../core/errors.js';
import { pyJsonDumps } from '../../python/json-dumps.js';
import { bodyOf, sendDetail } from './fastapi-handling.js';
import { isPlainObject } from './pydantic-fields.js';
import { matchesPattern, QueryReader, readOrderBy, sortAndPage } from './query-params.js';
import { parseBody } from './request-model.js';
import { ConnectionBody } from './request-models.js';
import { badRequest, notFound, uniqueViolation } from './validation-error.js';
import type { V2Deps } from './v2-deps.js';

const MASK = '***';

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

/** Airflow 3's /connections: list, get, create, patch (a `***` sent back keeps the secret), delete, test. */
export function registerConnectionRoutes(app: FastifyInstance, deps: V2Deps): void {
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
}
