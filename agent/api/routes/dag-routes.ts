import type { FastifyInstance } from 'fastify';
import type { DagSpec } from '../../dags/dag-model.js';
import type { ApiDeps } from '../api-deps.js';
import { dagJson } from '../json-shapes.js';
import { paginate, parsePage } from '../pagination.js';
import { badRequest, notFound } from '../problem.js';
import { objectBody } from './body.js';
import { storedDate } from '../../runs/stored-date.js';

type Params = { dag_id: string };

export function dagNotFound(dagId: string): Error {
  return notFound('DAG not found', `Dag with id: '${dagId}' not found`);
}

/** GET /dags, GET/PATCH /dags/{dag_id}. */
export function registerDagRoutes(app: FastifyInstance, deps: ApiDeps, pausedDefault: boolean): void {
  const toJson = (dag: DagSpec) => {
    const rec = deps.store.getDag(dag.dagId);
    return dagJson(dag, rec, deps.scheduleInfo(dag, rec, deps.clock.now()), pausedDefault);
  };

  app.get('/api/v1/dags', async (req) => {
    const q = req.query as Record<string, unknown>;
    const page = parsePage(q, ['dag_id', 'fileloc', 'last_parsed_time', 'is_paused'], 'dag_id');
    let dags = deps.dags.list().map(toJson);
    const tags = ([] as unknown[]).concat(q.tags ?? []).map(String);
    if (tags.length) dags = dags.filter((d) => (d.tags as { name: string }[]).some((t) => tags.includes(t.name)));
    if (q.paused !== undefined) dags = dags.filter((d) => String(d.is_paused) === String(q.paused));
    if (typeof q.dag_id_pattern === 'string') {
      const pattern = q.dag_id_pattern.toLowerCase();
      dags = dags.filter((d) => String(d.dag_id).toLowerCase().includes(pattern));
    }
    const { items, total } = paginate(dags, page, (d) => d[page.orderBy!] as string);
    return { dags: items, total_entries: total };
  });

  app.get<{ Params: Params }>('/api/v1/dags/:dag_id', async (req) => {
    const dag = deps.dags.get(req.params.dag_id);
    if (!dag) throw dagNotFound(req.params.dag_id);
    return toJson(dag);
  });

  app.patch<{ Params: Params; Querystring: { update_mask?: string } }>('/api/v1/dags/:dag_id', async (req) => {
    const dag = deps.dags.get(req.params.dag_id);
    if (!dag) throw dagNotFound(req.params.dag_id);
    const body = objectBody(req.body, { is_paused: 'boolean', dag_id: 'string' });
    const mask = req.query.update_mask?.split(',').map((s) => s.trim());
    if (mask?.some((m) => m !== 'is_paused'))
      throw badRequest('Only `is_paused` field can be updated through the REST API');
    if (typeof body.is_paused !== 'boolean') throw badRequest("{'is_paused': ['Missing data for required field.']}");
    if (!deps.store.getDag(dag.dagId)) {
      deps.store.upsertDag({
        dagId: dag.dagId,
        relativeFileloc: dag.relativeFileloc,
        pausedUponCreation: body.is_paused,
        hasImportErrors: false,
        parsedAt: storedDate(deps.clock.now()),
      });
    }
    deps.store.setPaused(dag.dagId, body.is_paused);
    deps.wake();
    return toJson(dag);
  });
}
