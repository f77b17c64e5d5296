import type { FastifyInstance } from 'fastify';
import type { VariableStore, StoredVariable } from '../../connections/variable-store.js';
import { SecretsMasker } from '../../connections/secrets-masker.js';
import { paginate, parsePage } from '../pagination.js';
import { badRequest, notFound } from '../problem.js';
import { objectBody } from './body.js';

const FIELDS = { key: 'string', value: 'string', description: 'string?' } as const;
const names = new SecretsMasker();

/** The value as the API shows it: `***` for keys with a sensitive name (Airflow's hide_sensitive_var_conn_fields). */
function variableJson(v: StoredVariable): Record<string, unknown> {
  return { key: v.key, value: names.isSensitiveName(v.key) ? '***' : v.val, description: v.description };
}

const notFoundVar = () => notFound('Variable not found', 'Variable does not exist');

/** Airflow's /variables endpoints. */
export function registerVariableRoutes(app: FastifyInstance, variables: VariableStore): void {
  app.get('/api/v1/variables', async (req) => {
    const page = parsePage(req.query as Record<string, unknown>, ['key', 'id', 'description'], 'id');
    const { items, total } = paginate(variables.list(), page, (v) =>
      page.orderBy === 'key' ? v.key : page.orderBy === 'id' ? v.id : v.description,
    );
    return { variables: items.map(variableJson), total_entries: total };
  });

  app.get<{ Params: { key: string } }>('/api/v1/variables/:key', async (req) => {
    const v = variables.get(req.params.key);
    if (!v) throw notFoundVar();
    return variableJson(v);
  });

  app.post('/api/v1/variables', async (req) => {
    const body = objectBody(req.body, FIELDS);
    if (typeof body.key !== 'string' || !body.key) throw badRequest("{'key': ['Missing data for required field.']}");
    if (typeof body.value !== 'string') throw badRequest("{'value': ['Missing data for required field.']}");
    return variableJson(variables.set(body.key, body.value, (body.description as string | null | undefined) ?? null));
  });

  app.patch<{ Params: { key: string }; Querystring: { update_mask?: string } }>(
    '/api/v1/variables/:key',
    async (req) => {
      const body = objectBody(req.body, FIELDS);
      if (body.key !== undefined && body.key !== req.params.key)
        throw badRequest("Invalid post body: key from request body doesn't match uri parameter");
      const current = variables.get(req.params.key);
      if (!current) throw notFoundVar();
      const mask = req.query.update_mask
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const value =
        (!mask || mask.includes('value')) && typeof body.value === 'string' ? body.value : (current.val ?? '');
      const description =
        (!mask || mask.includes('description')) && body.description !== undefined
          ? (body.description as string | null)
          : current.description;
      return variableJson(variables.set(req.params.key, value, description));
    },
  );

  app.delete<{ Params: { key: string } }>('/api/v1/variables/:key', async (req, reply) => {
    if (!variables.delete(req.params.key)) throw notFoundVar();
    return reply.code(204).send();
  });
}
