import type { FastifyInstance } from 'fastify';
import { isAgentError } from '../../core/errors.js';
import type { Connection } from '../../connections/connection.js';
import type { ConnectionStore } from '../../connections/connection-store.js';
import { keyError } from '../../connections/conn-id.js';
import { redactedExtra } from '../../connections/connection-view.js';
import { paginate, parsePage } from '../pagination.js';
import { badRequest, conflict, notFound } from '../problem.js';
import { objectBody } from './body.js';

export interface ConnectionRoutesDeps {
  connections: ConnectionStore;
  /** Throws AgentError CONNECTION_TYPE_UNAVAILABLE (with the guide's advice for ssh) when the requirements lack the type. */
  assertTypeAvailable(connType: string): void;
  /** Connect, check the host key, authenticate; nothing else (for ssh). */
  testConnection(conn: Connection): Promise<{ status: boolean; message: string }>;
}

const FIELDS = {
  connection_id: 'string',
  conn_type: 'string',
  description: 'string?',
  host: 'string?',
  login: 'string?',
  schema: 'string?',
  port: 'number?',
  password: 'string?',
  extra: 'string?',
} as const;

const notFoundConn = (id: string) =>
  notFound('Connection not found', `The Connection with connection_id: \`${id}\` was not found`);

function connectionJson(c: Connection): Record<string, unknown> {
  return {
    connection_id: c.connId,
    conn_type: c.connType,
    description: c.description,
    host: c.host,
    login: c.login,
    schema: c.schema,
    port: c.port,
    extra: redactedExtra(c),
  };
}

function fromBody(body: Record<string, unknown>): Connection {
  if (typeof body.connection_id !== 'string')
    throw badRequest("{'connection_id': ['Missing data for required field.']}");
  if (typeof body.conn_type !== 'string') throw badRequest("{'conn_type': ['Missing data for required field.']}");
  const err = keyError(body.connection_id, 200);
  if (err) throw badRequest(err);
  if (body.port !== undefined && body.port !== null && !Number.isInteger(body.port))
    throw badRequest("{'port': ['Not a valid integer.']}");
  return {
    connId: body.connection_id,
    connType: body.conn_type,
    description: (body.description as string | null | undefined) ?? null,
    host: (body.host as string | null | undefined) ?? null,
    login: (body.login as string | null | undefined) ?? null,
    schema: (body.schema as string | null | undefined) ?? null,
    port: (body.port as number | null | undefined) ?? null,
    password: (body.password as string | null | undefined) ?? null,
    extra: (body.extra as string | null | undefined) ?? null,
  };
}

function gate(deps: ConnectionRoutesDeps, connType: string | null): void {
  try {
    if (connType) deps.assertTypeAvailable(connType);
  } catch (e) {
    if (isAgentError(e, 'CONNECTION_TYPE_UNAVAILABLE'))
      throw badRequest(e.message.replace(/--conn-type/g, 'conn_type'));
    throw e;
  }
}

/** Airflow's /connections endpoints; `password` is write-only and sensitive extras read `***`. */
export function registerConnectionRoutes(app: FastifyInstance, deps: ConnectionRoutesDeps): void {
  app.get('/api/v1/connections', async (req) => {
    const page = parsePage(
      req.query as Record<string, unknown>,
      ['connection_id', 'conn_type', 'description', 'host', 'port', 'id'],
      'id',
    );
    const all = deps.connections.list();
    const key = (c: (typeof all)[number]): unknown =>
      page.orderBy === 'id'
        ? c.id
        : page.orderBy === 'connection_id'
          ? c.connId
          : (connectionJson(c)[page.orderBy!] ?? null);
    const { items, total } = paginate(all, page, key);
    return {
      connections: items.map((c) => ({
        connection_id: c.connId,
        conn_type: c.connType,
        description: c.description,
        host: c.host,
        login: c.login,
        schema: c.schema,
        port: c.port,
      })),
      total_entries: total,
    };
  });

  app.post('/api/v1/connections', async (req) => {
    const conn = fromBody(objectBody(req.body, FIELDS));
    gate(deps, conn.connType);
    if (deps.connections.get(conn.connId))
      throw conflict(`Connection already exist. ID: ${conn.connId}`, 'Connection already exists');
    return connectionJson(deps.connections.add(conn));
  });

  app.post('/api/v1/connections/test', async (req) => {
    const conn = fromBody(objectBody(req.body, FIELDS));
    // Without the provider Airflow's Connection.get_hook() fails before any test: the answer is a failed test, not an error.
    try {
      if (conn.connType) deps.assertTypeAvailable(conn.connType);
    } catch (e) {
      if (isAgentError(e, 'CONNECTION_TYPE_UNAVAILABLE'))
        return { status: false, message: `Unknown hook type "${conn.connType}"` };
      throw e;
    }
    return deps.testConnection(conn);
  });

  app.get<{ Params: { connection_id: string } }>('/api/v1/connections/:connection_id', async (req) => {
    const c = deps.connections.get(req.params.connection_id);
    if (!c) throw notFoundConn(req.params.connection_id);
    return connectionJson(c);
  });

  app.patch<{ Params: { connection_id: string }; Querystring: { update_mask?: string } }>(
    '/api/v1/connections/:connection_id',
    async (req) => {
      const id = req.params.connection_id;
      const current = deps.connections.get(id);
      if (!current) throw notFoundConn(id);
      const body = objectBody(req.body, FIELDS);
      if (body.connection_id !== undefined && body.connection_id !== id)
        throw badRequest('The connection_id cannot be updated.');
      const mask = req.query.update_mask
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const map: Record<string, keyof Connection> = {
        conn_type: 'connType',
        description: 'description',
        host: 'host',
        login: 'login',
        schema: 'schema',
        port: 'port',
        password: 'password',
        extra: 'extra',
      };
      const patch: Partial<Connection> = {};
      for (const [field, key] of Object.entries(map)) {
        if (mask && !mask.includes(field)) continue;
        if (body[field] !== undefined) (patch as Record<string, unknown>)[key] = body[field];
      }
      if (mask)
        for (const m of mask) if (!Object.hasOwn(map, m)) throw badRequest(`'${m}' is unknown or cannot be updated.`);
      if (patch.connType !== undefined) gate(deps, patch.connType);
      try {
        return connectionJson(deps.connections.update(id, patch));
      } catch (e) {
        if (isAgentError(e, 'CONNECTION_NOT_FOUND')) throw notFoundConn(id);
        throw e;
      }
    },
  );

  app.delete<{ Params: { connection_id: string } }>('/api/v1/connections/:connection_id', async (req, reply) => {
    if (!deps.connections.delete(req.params.connection_id)) throw notFoundConn(req.params.connection_id);
    return reply.code(204).send();
  });
}
