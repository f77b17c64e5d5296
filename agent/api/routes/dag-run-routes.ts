import type { FastifyInstance } from 'fastify';
import { isAgentError } from '../../core/errors.js';
import type { DagRunRecord } from '../../runs/run-records.js';
import type { ApiDeps } from '../api-deps.js';
import { dagRunJson } from '../json-shapes.js';
import { paginate, parsePage } from '../pagination.js';
import { badRequest, conflict, notFound } from '../problem.js';
import { objectBody } from './body.js';
import { readIsoDate } from '../api-date.js';

type Params = { dag_id: string; dag_run_id: string };

const STATES = ['queued', 'running', 'success', 'failed'];

export function dagRunNotFound(dagId: string, runId: string): Error {
  return notFound('DAGRun not found', `DAGRun with DAG ID: '${dagId}' and DagRun ID: '${runId}' not found`);
}

function dateFilter(q: Record<string, unknown>, name: string): string | null {
  const v = q[name];
  if (v === undefined) return null;
  const read = typeof v === 'string' ? readIsoDate(v) : { valid: false as const };
  if (!read.valid) throw badRequest(`${name}: ${JSON.stringify(v)} is not a valid datetime`);
  if (read.naive) throw badRequest('Naive datetime is disallowed');
  return new Date((v as string).replace(' ', 'T')).toISOString();
}

/** GET/POST /dags/{dag_id}/dagRuns, GET /dags/{dag_id}/dagRuns/{dag_run_id}. */
export function registerDagRunRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get<{ Params: { dag_id: string } }>('/api/v1/dags/:dag_id/dagRuns', async (req) => {
    const q = req.query as Record<string, unknown>;
    const page = parsePage(
      q,
      ['id', 'execution_date', 'logical_date', 'start_date', 'end_date', 'state', 'run_id', 'dag_run_id'],
      'id',
    );
    const dagId = req.params.dag_id === '~' ? null : req.params.dag_id;
    if (dagId !== null && !deps.dags.get(dagId) && !deps.store.getDag(dagId)) {
      throw notFound('DAG not found', `DAG with dag_id: '${dagId}' not found`);
    }
    const states = ([] as unknown[]).concat(q.state ?? []).map(String);
    for (const s of states)
      if (!STATES.includes(s)) throw badRequest(`state: '${s}' is not one of ${STATES.join(', ')}`);
    const bounds = [
      'execution_date_gte',
      'execution_date_lte',
      'start_date_gte',
      'start_date_lte',
      'end_date_gte',
      'end_date_lte',
    ].map((n) => [n, dateFilter(q, n)] as const);
    let runs = deps.store.listRuns(dagId, {
      state: states.length ? (states as DagRunRecord['state'][]) : undefined,
    }).runs;
    for (const [name, bound] of bounds) {
      if (!bound) continue;
      const field = name.startsWith('execution') ? 'logicalDate' : name.startsWith('start') ? 'startDate' : 'endDate';
      runs = runs.filter((r) => {
        const v = r[field];
        if (!v) return false;
        return name.endsWith('gte') ? Date.parse(v) >= Date.parse(bound) : Date.parse(v) <= Date.parse(bound);
      });
    }
    const key = (r: DagRunRecord): unknown => {
      switch (page.orderBy) {
        case 'start_date':
          return r.startDate;
        case 'end_date':
          return r.endDate;
        case 'state':
          return r.state;
        case 'run_id':
        case 'dag_run_id':
          return r.runId;
        default:
          return r.queuedAt ?? r.logicalDate;
      }
    };
    const { items, total } = paginate(runs, page, key);
    return { dag_runs: items.map(dagRunJson), total_entries: total };
  });

  app.get<{ Params: Params }>('/api/v1/dags/:dag_id/dagRuns/:dag_run_id', async (req) => {
    const run = deps.store.getRun(req.params.dag_id, req.params.dag_run_id);
    if (!run) throw dagRunNotFound(req.params.dag_id, req.params.dag_run_id);
    return dagRunJson(run);
  });

  app.post<{ Params: { dag_id: string } }>('/api/v1/dags/:dag_id/dagRuns', async (req) => {
    const dagId = req.params.dag_id;
    const dag = deps.dags.get(dagId);
    if (!dag) throw notFound('DAG not found', `DAG with dag_id: '${dagId}' not found`);
    if (deps.dags.hasImportErrors(dagId)) throw badRequest(`DAG with dag_id: '${dagId}' has import errors`);
    const body = objectBody(req.body, {
      dag_run_id: 'string?',
      logical_date: 'string?',
      execution_date: 'string?',
      conf: 'object?',
      note: 'string?',
      data_interval_start: 'string?',
      data_interval_end: 'string?',
    });
    const logical = (body.logical_date ?? body.execution_date) as string | undefined | null;
    if (body.logical_date && body.execution_date && body.logical_date !== body.execution_date) {
      throw badRequest("{'_schema': ['logical_date conflicts with execution_date']}");
    }
    if (logical) {
      const read = readIsoDate(logical);
      if (!read.valid) throw badRequest(`{'logical_date': ['Not a valid datetime.']}`);
      if (read.naive) throw badRequest('Naive datetime is disallowed');
    }
    const runId = body.dag_run_id as string | undefined | null;
    // marshmallow-sqlalchemy's validator for the run_id column, String(ID_LEN=250).
    if (typeof runId === 'string' && runId.length > 250)
      throw badRequest("{'dag_run_id': ['Longer than maximum length 250.']}");
    if (runId !== undefined && runId !== null && !/^[A-Za-z0-9_.~:+-]+$/.test(runId)) {
      throw badRequest(
        `The provided run ID '${runId}' is invalid. It does not match either the configured pattern: '^[A-Za-z0-9_.~:+-]+$' or the built-in pattern: '^(?:manual|scheduled|dataset_triggered)__(?:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+00:00)$'`,
      );
    }
    try {
      const run = deps.triggerRun(dag, {
        runId: runId ?? undefined,
        logicalDate: logical ?? undefined,
        conf: (body.conf as Record<string, unknown> | null) ?? {},
        note: (body.note as string | null | undefined) ?? null,
      });
      deps.wake();
      return dagRunJson(run);
    } catch (e) {
      if (isAgentError(e, 'DAG_RUN_EXISTS')) throw conflict(e.message);
      throw e;
    }
  });
}
