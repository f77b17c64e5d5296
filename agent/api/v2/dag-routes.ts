import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { DagSpec } from '../../dags/dag-model.js';
import { storedDate } from '../../runs/stored-date.js';
import { StoredDagRows } from '../stored-dag-rows.js';
import { type DagContext, dagJson, dagOwners, taskJson } from './dag-shapes.js';
import { DagJsonCache, dagListText, JSON_TYPE } from '../dag-json-cache.js';
import type { DagRecord } from '../../runs/run-records.js';
import { rfc3339 } from './rfc3339.js';
import { bodyOf } from './fastapi-handling.js';
import { matchesPattern, QueryReader, readOrderBy, sortAndPage } from './query-params.js';
import { parseBody } from './request-model.js';
import { DAGPatchBody } from './request-models.js';
import { badRequest, HttpError, notFound } from './validation-error.js';
import { V2Lookups, type V2Deps } from './v2-deps.js';

type DagParams = { dag_id: string };

/** Mirrors the parsed DAG into the store when it was never recorded (a PATCH right after the first parse). */
function recordOf(deps: V2Deps, dag: DagSpec) {
  const { store, clock } = deps.api;
  return (
    store.getDag(dag.dagId) ??
    store.upsertDag({
      dagId: dag.dagId,
      relativeFileloc: dag.relativeFileloc,
      pausedUponCreation: dag.isPausedUponCreation ?? deps.pausedByDefault(),
      hasImportErrors: false,
      parsedAt: storedDate(clock.now()),
    })
  );
}

/** GET /dags, GET/PATCH /dags/{dag_id}, /details, /tasks, /tasks/{task_id}, /dagSources/{dag_id}, /dagTags. */
export function registerDagRoutes(app: FastifyInstance, deps: V2Deps): void {
  const look = new V2Lookups(deps);

  const rows = new StoredDagRows(deps.api.store);
  const texts = new DagJsonCache();
  const dagText = (dag: DagSpec, record: DagRecord | undefined, now: Date) => {
    const ctx: DagContext = {
      record,
      schedule: deps.api.scheduleInfo(dag, record, now),
      hasImportErrors: deps.api.dags.hasImportErrors(dag.dagId),
      pausedByDefault: deps.pausedByDefault(),
      secret: deps.secret,
    };
    const key = `${record?.isPaused}|${record?.isActive}|${record?.lastParsedTime}|${ctx.hasImportErrors}|${ctx.pausedByDefault}`;
    return texts.text(dag, key, ctx.schedule, () => dagJson(dag, ctx));
  };
  // Filters read the parsed DAG and its stored row; only an order by next_dagrun reads every DAG's schedule (each
  // cached until it could change). The JSON is built for the page alone.
  app.get('/dags', async (req, reply) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    const tags = q.list('tags');
    const matchAll = q.str('tags_match_mode') === 'all';
    const owners = q.list('owners');
    const pattern = q.str('dag_id_pattern');
    const paused = q.bool('paused');
    const excludeStale = q.bool('exclude_stale') ?? true;
    const hasImportErrors = q.bool('has_import_errors');
    q.done();
    const order = readOrderBy(q, ['dag_id', 'dag_display_name', 'next_dagrun'], 'dag_id');
    const records = rows.byId();
    const pausedByDefault = deps.pausedByDefault();
    const now = deps.api.clock.now();
    const dags = deps.api.dags.list().filter((d) => {
      const record = records.get(d.dagId);
      if (tags.length && !(matchAll ? tags.every((t) => d.tags.includes(t)) : tags.some((t) => d.tags.includes(t))))
        return false;
      if (owners.length && !dagOwners(d).some((o) => owners.includes(o))) return false;
      if (!matchesPattern(d.dagId, pattern)) return false;
      if (paused !== undefined && (record?.isPaused ?? d.isPausedUponCreation ?? pausedByDefault) !== paused)
        return false;
      if (excludeStale && !(record?.isActive ?? true)) return false;
      return hasImportErrors === undefined || deps.api.dags.hasImportErrors(d.dagId) === hasImportErrors;
    });
    const field = (d: DagSpec, f: string) =>
      f === 'next_dagrun' ? rfc3339(deps.api.scheduleInfo(d, records.get(d.dagId), now).nextDagrun) : d.dagId;
    const { items, total } = sortAndPage(dags, order, field, page);
    const pageTexts = items.map((d) => dagText(d, records.get(d.dagId), now));
    return reply.type(JSON_TYPE).send(dagListText(pageTexts, total));
  });

  app.get<{ Params: DagParams }>('/dags/:dag_id', async (req, reply) => {
    const dag = look.dag(req.params.dag_id);
    return reply.type(JSON_TYPE).send(dagText(dag, rows.byId().get(dag.dagId), deps.api.clock.now()));
  });

  app.get<{ Params: DagParams }>('/dags/:dag_id/details', async (req) =>
    look.dagDetailsJson(look.dag(req.params.dag_id)),
  );

  app.patch<{ Params: DagParams }>('/dags/:dag_id', async (req) => {
    const q = new QueryReader(req.query);
    const mask = q.list('update_mask');
    q.done();
    const body = parseBody(DAGPatchBody, bodyOf(req));
    const dag = deps.api.dags.get(req.params.dag_id);
    if (!dag) throw notFound(`Dag with id: ${req.params.dag_id} was not found`);
    if (mask.length && (mask.length !== 1 || mask[0] !== 'is_paused'))
      throw badRequest('Only `is_paused` field can be updated through the REST API');
    recordOf(deps, dag);
    deps.api.store.setPaused(dag.dagId, body.is_paused as boolean);
    deps.api.wake();
    return look.dagJson(dag);
  });

  app.get<{ Params: DagParams }>('/dags/:dag_id/tasks', async (req) => {
    const dag = look.dag(req.params.dag_id);
    const q = new QueryReader(req.query);
    const raw = q.str('order_by') ?? 'task_id';
    q.done();
    const field = raw.replace(/^-/, '');
    const tasks = dag.tasks.map((t) => taskJson(dag, t));
    if (tasks.length && !(field in tasks[0]!))
      throw badRequest(`Ordering with '${field}' is disallowed or the attribute does not exist on the model`);
    const { items } = sortAndPage(tasks, [{ field, descending: raw.startsWith('-') }], (t, f) => t[f], {
      limit: tasks.length,
      offset: 0,
    });
    return { tasks: items, total_entries: items.length };
  });

  app.get<{ Params: DagParams & { task_id: string } }>('/dags/:dag_id/tasks/:task_id', async (req) => {
    const dag = look.dag(req.params.dag_id);
    const task = dag.tasks.find((t) => t.taskId === req.params.task_id);
    if (!task) throw notFound(`Task with id ${req.params.task_id} was not found`);
    return taskJson(dag, task);
  });

  app.get<{ Params: DagParams }>('/dagSources/:dag_id', async (req, reply) => {
    const dagId = req.params.dag_id;
    const q = new QueryReader(req.query);
    const version = q.int('version_number', 0);
    q.done();
    const dag = deps.api.dags.get(dagId);
    if (!dag || (version !== 0 && version !== 1))
      throw notFound(
        `The source code of the Dag ${dagId}, version_number ${version === 0 ? 'None' : version} was not found`,
      );
    const content = await readFile(dag.fileloc, 'utf8').catch(() => null);
    if (content === null) throw notFound(`Code not found. dag_id='${dagId}' version_number='None'`);
    const accept = String(req.headers.accept ?? 'application/json');
    if (accept.startsWith('text/plain')) return reply.type('text/plain; charset=utf-8').send(content);
    if (!/application\/json|\*\/\*/.test(accept) && accept !== '')
      throw new HttpError(406, 'Only application/json or text/plain is supported');
    return { content, dag_id: dagId, version_number: 1, dag_display_name: dagId };
  });

  app.get('/dagTags', async (req) => {
    const q = new QueryReader(req.query);
    const page = q.page();
    const pattern = q.str('tag_name_pattern');
    q.done();
    const names = [...new Set(deps.api.dags.list().flatMap((d) => d.tags))]
      .filter((t) => matchesPattern(t, pattern))
      .sort();
    const raw = q.list('order_by');
    const descending = raw[0]?.startsWith('-') ?? false;
    const ordered = descending ? names.reverse() : names;
    return { tags: ordered.slice(page.offset, page.offset + page.limit), total_entries: names.length };
  });
}
