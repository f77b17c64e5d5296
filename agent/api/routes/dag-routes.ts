import type { FastifyInstance } from 'fastify';
import type { DagSpec } from '../../dags/dag-model.js';
import type { DagRecord } from '../../runs/run-records.js';
import type { ApiDeps } from '../api-deps.js';
import { DagJsonCache, dagListText, JSON_TYPE } from '../dag-json-cache.js';
import { dagJson } from '../json-shapes.js';
import { paginate, parsePage } from '../pagination.js';
import { StoredDagRows } from '../stored-dag-rows.js';
import { badRequest, notFound } from '../problem.js';
import { objectBody } from './body.js';
import { storedDate } from '../../runs/stored-date.js';

type Params = { dag_id: string };

/**
 * SQL's `ILIKE` as Airflow's `DagModel.dag_id.ilike(f"%{pattern}%")` runs it: `%` any run of characters, `_` any one
 * character (so `_99` also finds `x199`), case-insensitive, no escape character.
 */
export function sqlIlike(pattern: string): (value: string) => boolean {
  const source = [...pattern]
    .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 'is');
  return (value) => re.test(value);
}

export function dagNotFound(dagId: string): Error {
  return notFound('DAG not found', `Dag with id: '${dagId}' not found`);
}

/** GET /dags, GET/PATCH /dags/{dag_id}. */
export function registerDagRoutes(app: FastifyInstance, deps: ApiDeps, pausedDefault: () => boolean): void {
  const texts = new DagJsonCache();
  const rows = new StoredDagRows(deps.store);
  const toText = (dag: DagSpec, rec: DagRecord | undefined, now: Date) => {
    const schedule = deps.scheduleInfo(dag, rec, now);
    const key = `${rec?.isPaused}|${rec?.isActive}|${rec?.hasImportErrors}|${rec?.lastParsedTime}`;
    return texts.text(dag, key, schedule, () => dagJson(dag, rec, schedule, pausedDefault()));
  };
  const toJson = (dag: DagSpec) => {
    const rec = deps.store.getDag(dag.dagId);
    return dagJson(dag, rec, deps.scheduleInfo(dag, rec, deps.clock.now()), pausedDefault());
  };

  // Filters and order read only the parsed DAG and its stored row (all rows read again only after a write); the
  // JSON (and its schedule, cached per DAG) is built for the page alone, so a call costs what it returns.
  app.get('/api/v1/dags', async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    // Airflow 2.10 and 2.11 order DAGs by dag_id only (`allowed_attrs = ["dag_id"]`); any other field is a 400.
    const page = parsePage(q, ['dag_id'], 'dag_id');
    const records = rows.byId();
    const recordOf = (dagId: string) => records.get(dagId);
    const isPaused = (dag: DagSpec, rec: DagRecord | undefined) =>
      rec?.isPaused ?? dag.isPausedUponCreation ?? pausedDefault();
    let dags = deps.dags.list();
    const tags = ([] as unknown[]).concat(q.tags ?? []).map(String);
    if (tags.length) dags = dags.filter((d) => d.tags.some((t) => tags.includes(t)));
    if (typeof q.dag_id_pattern === 'string' && q.dag_id_pattern !== '') {
      const matches = sqlIlike(`%${q.dag_id_pattern}%`);
      dags = dags.filter((d) => matches(d.dagId));
    }
    if (q.paused !== undefined) dags = dags.filter((d) => String(isPaused(d, recordOf(d.dagId))) === String(q.paused));
    const { items, total } = paginate(dags, page, (d) => d.dagId);
    const now = deps.clock.now();
    const pageTexts = items.map((dag) => toText(dag, recordOf(dag.dagId), now));
    return reply.type(JSON_TYPE).send(dagListText(pageTexts, total));
  });

  app.get<{ Params: Params }>('/api/v1/dags/:dag_id', async (req, reply) => {
    const dag = deps.dags.get(req.params.dag_id);
    if (!dag) throw dagNotFound(req.params.dag_id);
    return reply.type(JSON_TYPE).send(toText(dag, rows.byId().get(dag.dagId), deps.clock.now()));
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
