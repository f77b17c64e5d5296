import type { FastifyInstance } from 'fastify';
import type { DagSpec } from '../../dags/dag-model.js';
import type { ApiDeps } from '../api-deps.js';
import { apiDate } from '../api-date.js';
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

  // Filters and order read only the parsed DAG and its stored row; the JSON (and its schedule, the costly part)
  // is built for the page alone, so a call costs what it returns whatever the folder's size.
  app.get('/api/v1/dags', async (req) => {
    const q = req.query as Record<string, unknown>;
    const page = parsePage(q, ['dag_id', 'fileloc', 'last_parsed_time', 'is_paused'], 'dag_id');
    const records = new Map(deps.store.listDags().map((r) => [r.dagId, r]));
    let rows = deps.dags.list().map((dag) => {
      const rec = records.get(dag.dagId);
      return { dag, rec, isPaused: rec?.isPaused ?? dag.isPausedUponCreation ?? pausedDefault };
    });
    type Row = (typeof rows)[number];
    const tags = ([] as unknown[]).concat(q.tags ?? []).map(String);
    if (tags.length) rows = rows.filter((r) => r.dag.tags.some((t) => tags.includes(t)));
    if (q.paused !== undefined) rows = rows.filter((r) => String(r.isPaused) === String(q.paused));
    if (typeof q.dag_id_pattern === 'string') {
      const pattern = q.dag_id_pattern.toLowerCase();
      rows = rows.filter((r) => r.dag.dagId.toLowerCase().includes(pattern));
    }
    const sortKeys: Record<string, (r: Row) => unknown> = {
      dag_id: (r) => r.dag.dagId,
      fileloc: (r) => r.dag.fileloc,
      last_parsed_time: (r) => apiDate(r.rec?.lastParsedTime),
      is_paused: (r) => r.isPaused,
    };
    const { items, total } = paginate(rows, page, sortKeys[page.orderBy!]!);
    const now = deps.clock.now();
    const dags = items.map((r) => dagJson(r.dag, r.rec, deps.scheduleInfo(r.dag, r.rec, now), pausedDefault));
    return { dags, total_entries: total };
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
